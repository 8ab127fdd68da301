"""What managers see of the outbox: its writes by status, each with its delivery attempts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.clock import utcnow
from app.database import write_transaction
from app.extensions import db
from app.models.outbox import OutboxAttempt, OutboxEntry
from app.vocabulary import Delivery

PAGE_SIZE = 100
ATTEMPTS_SHOWN = 10


@dataclass(frozen=True)
class ListedWrite:
    """One write and its latest attempts, newest first."""

    entry: OutboxEntry
    attempts: list[OutboxAttempt]


def writes(status: Delivery, limit: int = PAGE_SIZE) -> list[ListedWrite]:
    """Writes with ``status``: waiting ones oldest first (the backlog's head), others newest."""
    order = OutboxEntry.id if status == Delivery.PENDING else OutboxEntry.id.desc()
    entries = list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.status == status).order_by(order).limit(limit)
        )
    )
    by_entry: dict[int, list[OutboxAttempt]] = {e.id: [] for e in entries}
    if entries:
        found = db.session.scalars(
            select(OutboxAttempt)
            .where(OutboxAttempt.entry_id.in_(by_entry))
            .order_by(OutboxAttempt.id.desc())
        )
        for attempt in found:
            shown = by_entry[attempt.entry_id]
            if len(shown) < ATTEMPTS_SHOWN:
                shown.append(attempt)
    return [ListedWrite(e, by_entry[e.id]) for e in entries]


def retry_waiting_now() -> int:
    """Make every waiting write due at once (Drive is back, say); how many there are."""
    with write_transaction():
        changed = db.session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.status == Delivery.PENDING)
            .values(next_attempt_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
    return changed
