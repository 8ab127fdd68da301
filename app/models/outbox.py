"""The Drive outbox: tag writes kept until Drive confirms them, and every delivery attempt.

A row is added in the same transaction as the change that calls for it (a release), so the
write is never lost; delivery claims it with a lease, calls Drive with the row's key as the
request id (so a retried write is never applied twice), and settles it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.vocabulary import Delivery, Outcome


class OutboxEntry(db.Model):
    """One write to Drive: pending until confirmed (or rejected as never deliverable)."""

    __tablename__ = "drive_outbox"
    __table_args__ = (
        CheckConstraint(Delivery.check("status"), name="status"),
        Index("ix_drive_outbox_vehicle_created", "vehicle_id", "created_at"),
        # What delivery looks for: the pending rows (a handful), soonest due first.
        Index(
            "ix_drive_outbox_due",
            "next_attempt_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    vehicle_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=Delivery.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A delivering worker's lease: nobody else claims the row until it runs out.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(32))
    last_detail: Mapped[str | None] = mapped_column(Text)


class OutboxAttempt(db.Model):
    """The audit of one delivery attempt: which write, by whom, when, and how it ended."""

    __tablename__ = "drive_outbox_attempts"
    __table_args__ = (
        CheckConstraint(Outcome.check("outcome"), name="outcome"),
        Index("ix_drive_outbox_attempts_entry", "entry_id", "started_at"),
        Index("ix_drive_outbox_attempts_started", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("drive_outbox.id", ondelete="CASCADE"))
    worker: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
