"""The events feed: what happened, in commit order, for bots that poll `GET /api/events`.

Every write that a bot may want to hear about calls `app.events.record.record(kind, ...)`
inside its own write transaction, so an event exists exactly when its write does. The kinds
are listed once, in `app/events/kinds.py`. Why the feed never skips nor repeats an event under
concurrent writers is told in `record.py`.
"""
