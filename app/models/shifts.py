"""Shifts: a repairer works at one warehouse at a time (our stand-in for the shift service)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db


class Shift(db.Model):
    __tablename__ = "shifts"
    __table_args__ = (
        # At most one open shift per performer, held by the database itself.
        Index(
            "uq_shifts_open_performer",
            "performer_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_shifts_place_started", "place_id", "started_at"),
        Index("ix_shifts_performer_started", "performer_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    performer_id: Mapped[str] = mapped_column(ForeignKey("users.performer_id"))
    place_id: Mapped[str] = mapped_column(ForeignKey("places.place_id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
