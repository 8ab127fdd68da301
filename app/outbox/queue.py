"""Adding writes to the outbox, and how far behind delivery is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.clock import utcnow
from app.database import as_utc
from app.extensions import db
from app.models.outbox import OutboxEntry
from app.vocabulary import Delivery

from .worker import mark_enqueued

KEY_MAX = 128
VEHICLE_ID_MAX = 64
KIND_MAX = 32


def enqueue(vehicle_id: str, kind: str, payload: dict[str, Any], key: str) -> None:
    """Add a write to Drive to the caller's transaction (the caller commits).

    ``kind`` is a ``TagWrite`` code: ``remove_tag`` with ``{"tag_id": str}``, ``add_tag`` with
    ``{"tag": str, "comment": str}``. ``key`` names the write for good: it is the request id
    Drive sees, and a second enqueue with the same key (in any transaction) adds nothing.
    A payload delivery cannot use is kept and settled ``rejected``, never sent.
    """
    if not isinstance(key, str) or not key or len(key) > KEY_MAX:
        raise ValueError(f"an outbox key is a string of 1-{KEY_MAX} characters")
    if not isinstance(vehicle_id, str) or not 0 < len(vehicle_id) <= VEHICLE_ID_MAX:
        raise ValueError(f"a vehicle id is a string of 1-{VEHICLE_ID_MAX} characters")
    if not isinstance(kind, str) or not 0 < len(kind) <= KIND_MAX:
        raise ValueError(f"an outbox kind is a string of 1-{KIND_MAX} characters")
    now = utcnow()
    values = {
        "key": key,
        "vehicle_id": vehicle_id,
        "kind": kind,
        "payload": payload,
        "status": Delivery.PENDING,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(OutboxEntry).values(**values).on_conflict_do_nothing(index_elements=["key"])
    db.session.execute(statement)
    mark_enqueued(db.session())


@dataclass(frozen=True)
class Backlog:
    """Writes Drive has not confirmed yet: how many, and since when the oldest waits."""

    pending: int
    oldest_at: datetime | None
    rejected: int

    @property
    def oldest_age_seconds(self) -> float | None:
        """How long the oldest pending write has waited, in seconds (None: nothing pending)."""
        if self.oldest_at is None:
            return None
        return max((utcnow() - self.oldest_at).total_seconds(), 0.0)


def backlog() -> Backlog:
    """The outbox's pending writes (count, oldest) and the rejected ones (count)."""
    row = db.session.execute(
        select(func.count(), func.min(OutboxEntry.created_at)).where(
            OutboxEntry.status == Delivery.PENDING
        )
    ).one()
    rejected = db.session.scalar(
        select(func.count()).where(OutboxEntry.status == Delivery.REJECTED)
    )
    return Backlog(pending=row[0], oldest_at=as_utc(row[1]), rejected=rejected or 0)
