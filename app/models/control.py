"""The audit log of control commands: every attempt, who, which scooter, when, and the outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    Update,
    or_,
    text,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.vocabulary import ABANDONED, Outcome


class ControlCommand(db.Model):
    """One row per attempt. The app only ever inserts it and then settles it once.

    A sender killed mid-command cannot settle its entry; once no live sender can still be
    waiting, any worker settles it `unknown` with the error `abandoned`. That is a stand-in for
    the sender's answer: should a sender outlive the limit after all, its answer replaces it.
    """

    __tablename__ = "control_commands"
    __table_args__ = (
        CheckConstraint(Outcome.check("outcome"), name="outcome"),
        Index("ix_control_commands_vehicle_requested", "vehicle_id", "requested_at"),
        Index("ix_control_commands_performer_requested", "performer_id", "requested_at"),
        Index("ix_control_commands_requested", "requested_at"),
        # The entries in flight (a handful), where abandoned ones are looked for.
        Index(
            "ix_control_commands_pending",
            "requested_at",
            sqlite_where=text("outcome = 'pending'"),
            postgresql_where=text("outcome = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    performer_id: Mapped[str] = mapped_column(ForeignKey("users.performer_id"))
    vehicle_id: Mapped[str] = mapped_column(String(64))
    repair_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16), default="api")
    outcome: Mapped[str] = mapped_column(String(16), default=Outcome.PENDING)
    error: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def settle(
        cls,
        audit_id: int,
        outcome: Outcome,
        *,
        error: str | None = None,
        detail: str | None = None,
        result: dict[str, Any] | None = None,
    ) -> Update:
        """The statement recording an entry's outcome: it changes only a pending entry (or one
        settled `abandoned` meanwhile), so a settled outcome is never rewritten."""
        unsettled = or_(cls.outcome == Outcome.PENDING, cls.error == ABANDONED)
        return (
            update(cls)
            .where(cls.id == audit_id, unsettled)
            .values(
                outcome=outcome, error=error, detail=detail, result=result, finished_at=utcnow()
            )
            .execution_options(synchronize_session=False)
        )
