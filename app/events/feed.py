"""Reading the feed: a page of events after a cursor, oldest first (newest last).

A cursor stands for an event's id; clients treat it as opaque text. Ids become visible in
order (see record.py), so `id > cursor` never misses an event committed later, and never
gives one twice.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.clock import to_rfc3339
from app.errors import InvalidRequest
from app.extensions import db
from app.models.events import Event

_PREFIX = "ev1:"
_MAX_ID = 2**63 - 1


def encode_cursor(event_id: int) -> str:
    """The opaque cursor of the position just after event `event_id` (0: the beginning)."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The event id a cursor stands for; a 400 `invalid_cursor` when it is not ours."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        text = ""
    digits = text.removeprefix(_PREFIX)
    if (
        not text.startswith(_PREFIX)
        or not (digits.isascii() and digits.isdigit())
        or int(digits) > _MAX_ID
        or encode_cursor(int(digits)) != cursor
    ):
        raise InvalidRequest(
            "Parameter 'after' is not a cursor this feed gave out.",
            code="invalid_cursor",
            field="after",
        )
    return int(digits)


@dataclass(frozen=True)
class Page:
    """Events after a cursor, and the cursor to ask with next."""

    events: list[Event]
    next_cursor: str
    has_more: bool


def events_after(after_id: int, limit: int) -> Page:
    """At most `limit` events after `after_id`, oldest first."""
    query = select(Event).where(Event.id > after_id).order_by(Event.id).limit(limit + 1)
    rows = list(db.session.scalars(query))
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].id if rows else after_id
    return Page(rows, encode_cursor(last), has_more)


def event_to_dict(event: Event) -> dict[str, Any]:
    """An Event object of the API."""
    return {
        "cursor": encode_cursor(event.id),
        "kind": event.kind,
        "occurred_at": to_rfc3339(event.occurred_at),
        "vehicle_id": event.vehicle_id,
        "repair_id": event.repair_id,
        "job_id": event.job_id,
        "performer_id": event.performer_id,
        "data": event.data or {},
    }
