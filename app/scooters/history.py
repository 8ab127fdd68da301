"""A scooter's repair history and its last completed repair (the note's repair-history handle)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Repair, Status


@dataclass(frozen=True)
class LastRepair:
    """The completed repair with the latest finish, and how far the scooter rode since."""

    repair: Repair
    mileage_km_since: float | None

    @property
    def job_types(self) -> list[str]:
        return [job.type for job in self.repair.jobs if job.status == Status.COMPLETED]

    @property
    def finished_at(self) -> datetime | None:
        return self.repair.finished_at


def recent_repairs(vehicle_id: str, limit: int) -> list[Repair]:
    """The scooter's repairs, newest first."""
    return list(
        db.session.scalars(
            select(Repair)
            .where(Repair.vehicle_id == vehicle_id)
            .order_by(Repair.started_at.desc(), Repair.id.desc())
            .limit(limit)
        )
    )


def last_repair(vehicle_id: str, current_mileage_km: float | None) -> LastRepair | None:
    """The last completed repair; km since it when both mileages are known."""
    repair = db.session.scalar(
        select(Repair)
        .where(Repair.vehicle_id == vehicle_id, Repair.status == Status.COMPLETED)
        .order_by(Repair.finished_at.desc(), Repair.id.desc())
        .limit(1)
    )
    if repair is None:
        return None
    since = None
    if current_mileage_km is not None and repair.mileage_km_at_start is not None:
        since = round(current_mileage_km - repair.mileage_km_at_start, 1)
    return LastRepair(repair, since)


def active_repair(vehicle_id: str) -> Repair | None:
    """The scooter's performing repair, if any."""
    return db.session.scalar(
        select(Repair).where(Repair.vehicle_id == vehicle_id, Repair.status == Status.PERFORMING)
    )
