"""Repairs performing now, and ending one a repairer forgot to finish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.clock import utcnow
from app.errors import Unprocessable
from app.extensions import db
from app.models import Job, Place, Repair, Shift, Status, User, Vehicle
from app.repairs.services import finish_repair

# A repair open this long is probably forgotten: the page marks it.
STALE_HOURS = 8
ENDINGS = (Status.FAILED, Status.CANCELLED)
COMMENT_MAX = 500


@dataclass(frozen=True)
class OpenRepair:
    repair_id: str
    started_at: datetime
    vehicle_id: str
    number: str | None
    performer_name: str
    place_name: str
    timezone: str
    jobs_running: int
    now: datetime

    @property
    def open_seconds(self) -> float:
        return (self.now - self.started_at).total_seconds()

    @property
    def stale(self) -> bool:
        return self.open_seconds > STALE_HOURS * 3600


def open_repairs(limit: int | None = None) -> list[OpenRepair]:
    """Performing repairs, oldest first, with who has them and how many jobs run."""
    running = (
        select(func.count())
        .where(Job.repair_pk == Repair.id, Job.status == Status.PERFORMING)
        .scalar_subquery()
    )
    query = (
        select(
            Repair.repair_id,
            Repair.started_at,
            Repair.vehicle_id,
            Vehicle.number,
            User.name,
            Place.name,
            Place.timezone,
            running,
        )
        .join(User, User.performer_id == Repair.performer_id)
        .join(Place, Place.place_id == Repair.place_id)
        .outerjoin(Vehicle, Vehicle.vehicle_id == Repair.vehicle_id)
        .where(Repair.status == Status.PERFORMING)
        .order_by(Repair.started_at, Repair.id)
        .limit(limit)
    )
    now = utcnow()
    return [OpenRepair(*row, now=now) for row in db.session.execute(query)]


def open_counts() -> tuple[int, int]:
    """(repairs performing now, people on shift now)."""
    repairs = db.session.scalar(
        select(func.count()).select_from(Repair).where(Repair.status == Status.PERFORMING)
    )
    shifts = db.session.scalar(
        select(func.count()).select_from(Shift).where(Shift.ended_at.is_(None))
    )
    return repairs or 0, shifts or 0


class EndingRejected(Unprocessable):
    """The manager's ending form is incomplete (said in the manager's words)."""

    code = "invalid_ending"


def end_forgotten_repair(repair_id: str, status: str, comment: str) -> Repair:
    """End a repair someone forgot, as failed or cancelled, with the manager's reason.

    Runs through finish_repair, so its open jobs are cancelled with it and the repairer and
    the scooter are free at once.
    """
    comment = (comment or "").strip()
    if status not in ENDINGS:
        raise EndingRejected(_l("Choose how the repair ended: failed or cancelled."))
    if not comment:
        raise EndingRejected(_l("Say why the repair is being ended."))
    if len(comment) > COMMENT_MAX:
        raise EndingRejected(_l("The comment can be at most 500 characters."))
    return finish_repair(repair_id, status, comment)
