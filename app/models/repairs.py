"""Repairs (work orders), their jobs, and the job types managers maintain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.vocabulary import Status

ACTIVE = Status.PERFORMING
TERMINAL_STATUSES = Status.endings()
_STATUS_CHECK = Status.check("status")
_PERFORMING = text("status = 'performing'")
_COMPLETED = text("status = 'completed'")


class JobTypeName:
    """A job type's name in either language, for the model and for every row read from it
    (each carries `name_ru` and `name_en`)."""

    def name(self, language: str) -> str:
        """The name in `language` ("ru" or "en"), Russian otherwise."""
        return self.name_en if language == "en" else self.name_ru


class JobType(JobTypeName, db.Model):
    __tablename__ = "job_types"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Repair(db.Model):
    __tablename__ = "repairs"
    __table_args__ = (
        CheckConstraint(_STATUS_CHECK, name="status"),
        # The note's rule and ours, held by the database under any concurrency:
        # one performing repair per performer and one per vehicle.
        Index(
            "uq_repairs_performing_performer",
            "performer_id",
            unique=True,
            sqlite_where=_PERFORMING,
            postgresql_where=_PERFORMING,
        ),
        Index(
            "uq_repairs_performing_vehicle",
            "vehicle_id",
            unique=True,
            sqlite_where=_PERFORMING,
            postgresql_where=_PERFORMING,
        ),
        Index("ix_repairs_vehicle_started", "vehicle_id", "started_at"),
        # A scooter's last completed repair, read backwards (history API, scooter card).
        Index(
            "ix_repairs_vehicle_completed",
            "vehicle_id",
            "finished_at",
            "id",
            sqlite_where=_COMPLETED,
            postgresql_where=_COMPLETED,
        ),
        # The manager history's order, (started_at, id), behind each filter (migration 0015).
        Index("ix_repairs_performer_started_id", "performer_id", "started_at", "id"),
        Index("ix_repairs_place_started_id", "place_id", "started_at", "id"),
        Index("ix_repairs_status_started_id", "status", "started_at", "id"),
        Index("ix_repairs_started_id", "started_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[str] = mapped_column(String(64), unique=True)
    performer_id: Mapped[str] = mapped_column(ForeignKey("users.performer_id"))
    vehicle_id: Mapped[str] = mapped_column(String(64))
    place_id: Mapped[str] = mapped_column(ForeignKey("places.place_id"))
    # Set for a field repair: the mission at one of whose points it was done (else in place_id).
    mission_id: Mapped[str | None] = mapped_column(ForeignKey("missions.mission_id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.PERFORMING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mileage_km_at_start: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)

    jobs: Mapped[list[Job]] = relationship(
        back_populates="repair", order_by="(Job.started_at, Job.id)", lazy="selectin"
    )
    performer = relationship("User", lazy="joined", innerjoin=True)
    place = relationship("Place", lazy="joined", innerjoin=True)

    @property
    def is_active(self) -> bool:
        return self.status == Status.PERFORMING

    @property
    def is_field(self) -> bool:
        """Done at a field mission's point, not in the warehouse."""
        return self.mission_id is not None

    @property
    def performer_name(self) -> str:
        return self.performer.name


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_STATUS_CHECK, name="status"),
        Index("ix_jobs_repair_started", "repair_pk", "started_at"),
        Index("ix_jobs_type_started", "type", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64), unique=True)
    repair_pk: Mapped[int] = mapped_column(ForeignKey("repairs.id"))
    type: Mapped[str] = mapped_column(ForeignKey("job_types.code"))
    status: Mapped[str] = mapped_column(String(16), default=Status.PERFORMING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Completed jobs: km since the scooter's previous repair that completed this type
    # (app/mileage/same_job.py); None when unknown.
    km_since_same_type: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)  # the reason given when it ended

    repair: Mapped[Repair] = relationship(back_populates="jobs")

    @property
    def repair_id(self) -> str:
        """The client-chosen id of the job's repair."""
        return self.repair.repair_id

    @property
    def is_active(self) -> bool:
        return self.status == Status.PERFORMING
