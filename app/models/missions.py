"""Field missions: scooter points, in order, assigned to a field performer.

A mission's id is chosen by the mission app (its idempotency token). A repair at a point is
an ordinary repair with `repairs.mission_id` set: same jobs, commands, shift rule and audit;
its `place_id` is the warehouse the mission is dispatched from (it answers for the work).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.vocabulary import PointStatus

OPEN, CLOSED = "open", "closed"


class Mission(db.Model):
    __tablename__ = "missions"
    __table_args__ = (CheckConstraint(f"status IN ('{OPEN}', '{CLOSED}')", name="status"),)

    mission_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    performer_id: Mapped[str] = mapped_column(ForeignKey("users.performer_id"), index=True)
    place_id: Mapped[str] = mapped_column(ForeignKey("places.place_id"))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    points: Mapped[list[MissionPoint]] = relationship(
        back_populates="mission", order_by="MissionPoint.position", lazy="selectin"
    )

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


class MissionPoint(db.Model):
    __tablename__ = "mission_points"
    __table_args__ = (
        CheckConstraint(PointStatus.check("status"), name="status"),
        UniqueConstraint("mission_id", "position", name="uq_mission_points_position"),
        UniqueConstraint("mission_id", "vehicle_id", name="uq_mission_points_vehicle"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[str] = mapped_column(ForeignKey("missions.mission_id"))
    position: Mapped[int]  # 1, 2, 3...: the order the app gave
    vehicle_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=PointStatus.PENDING)
    repair_id: Mapped[str | None] = mapped_column(String(64))  # its repair, once started
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mission: Mapped[Mission] = relationship(back_populates="points")

    @property
    def is_pending(self) -> bool:
        return self.status == PointStatus.PENDING
