"""The events feed for bots: what happened since the cursor they last saw."""

from __future__ import annotations

from app.api import bp, params
from app.events.feed import decode_cursor, event_to_dict, events_after

PAGE_DEFAULT, PAGE_MAX = 100, 500


@bp.get("/events")
def events():
    """Events after `after` (from the first without it), oldest first, at most `limit`."""
    p = params.read("after", "limit")
    after = decode_cursor(params.token(p, "after")) if "after" in p else 0
    limit = params.bounded_int(p, "limit", PAGE_DEFAULT, 1, PAGE_MAX)
    page = events_after(after, limit)
    return {
        "events": [event_to_dict(e) for e in page.events],
        "next": page.next_cursor,
        "has_more": page.has_more,
    }
