"""The Drive outbox: writes to Drive (tags) kept in our database until Drive confirms them.

``enqueue`` adds a write inside the caller's transaction; delivery (``deliver_due``, run right
after a commit, by the ``flask outbox deliver`` command and by a background thread per worker)
claims due rows with a lease, calls Drive with the row's key as the request id and settles them.
"""

from app.outbox.queue import Backlog, backlog, enqueue

__all__ = ["Backlog", "backlog", "enqueue"]
