"""Complaints about scooters, the jobs that address them, and each scooter's stages on its
way from a complaint back to the street (repairs themselves are in `repairs`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.vocabulary import ComplaintSource, ComplaintStatus, Stage

_OPEN = text("status = 'open'")


class Complaint(db.Model):
    """One fault someone reported. `complaint_id` is the client's (or derived from a Drive
    tag), so a complaint filed twice, or a tag read by many workers at once, is one row."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(ComplaintSource.check("source"), name="source"),
        CheckConstraint(ComplaintStatus.check("status"), name="status"),
        Index("ix_complaints_vehicle_reported", "vehicle_id", "reported_at"),
        # The open ones (the pick-up list, the board, the card) are read far more than the rest.
        Index(
            "ix_complaints_open_reported",
            "reported_at",
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[str] = mapped_column(String(64), unique=True)
    vehicle_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.OPEN)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The repair that resolved (or rejected) it; its jobs are in complaint_jobs.
    repair_pk: Mapped[int | None] = mapped_column(ForeignKey("repairs.id"))
    # Drive's `broken` tag this complaint came from (or was written to), when there is one.
    tag_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    # When the release that tells Drive of its resolution (removing its tag) was recorded.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_open(self) -> bool:
        return self.status == ComplaintStatus.OPEN


class ComplaintJob(db.Model):
    """A job that addresses a complaint (linked with one tap on the repair screen)."""

    __tablename__ = "complaint_jobs"

    complaint_pk: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    job_pk: Mapped[int] = mapped_column(ForeignKey("jobs.id"), primary_key=True, index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StageEvent(db.Model):
    """One timestamped step of a scooter's way (picked up, arrived, released...). `event_id`
    is the client's, so a step recorded twice is one row."""

    __tablename__ = "stage_events"
    __table_args__ = (
        CheckConstraint(Stage.check("stage"), name="stage"),
        Index("ix_stage_events_vehicle_at", "vehicle_id", "at"),
        Index("ix_stage_events_stage_at", "stage", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    vehicle_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.place_id"))
    by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
