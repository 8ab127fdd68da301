"""A scooter's repair history and its last completed repair (the note's repair-history handle).

The history API is the chat bot's and the field app's most frequent read, so it reads plain rows
(no ORM objects): the repairs with their repairers' names and warehouses' time zones, then
their jobs, in two statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Job, Place, Repair, Status, User
from app.repairs.lookup import jobs_by_repair
from app.scooters import vehicles


@dataclass(frozen=True)
class HistoryJob:
    job_id: str
    type: str
    status: str


@dataclass(frozen=True)
class HistoryRepair:
    """One repair of a scooter's history, as the API and the pages list it."""

    id: int
    repair_id: str
    status: str
    performer_id: str
    performer_name: str
    place_id: str
    place_timezone: str
    started_at: datetime
    finished_at: datetime | None
    mileage_km_at_start: float | None
    jobs: list[HistoryJob] = field(default_factory=list)


@dataclass(frozen=True)
class LastRepair:
    """The completed repair with the latest finish, and how far the scooter rode since."""

    repair: HistoryRepair
    mileage_km_since: float | None

    @property
    def job_types(self) -> list[str]:
        return [job.type for job in self.repair.jobs if job.status == Status.COMPLETED]

    @property
    def finished_at(self) -> datetime | None:
        return self.repair.finished_at


_COLUMNS = (
    Repair.id,
    Repair.repair_id,
    Repair.status,
    Repair.performer_id,
    User.name.label("performer_name"),
    Repair.place_id,
    Place.timezone.label("place_timezone"),
    Repair.started_at,
    Repair.finished_at,
    Repair.mileage_km_at_start,
)


def _repairs(where, order_by, limit: int) -> list[HistoryRepair]:
    """Repairs as rows with their repairers' names and warehouses' zones, then their jobs."""
    rows = db.session.execute(
        select(*_COLUMNS)
        .join(User, User.performer_id == Repair.performer_id)
        .join(Place, Place.place_id == Repair.place_id)
        .where(*where)
        .order_by(*order_by)
        .limit(limit)
    )
    repairs = [HistoryRepair(**row._asdict()) for row in rows]
    lines = select(Job.repair_pk, Job.job_id, Job.type, Job.status)
    jobs = jobs_by_repair([r.id for r in repairs], lines)
    for repair in repairs:
        repair.jobs.extend(HistoryJob(*line) for line in jobs[repair.id])
    return repairs


def recent_repairs(vehicle_id: str, limit: int) -> list[HistoryRepair]:
    """The scooter's repairs, newest first, with their jobs."""
    newest_first = (Repair.started_at.desc(), Repair.id.desc())
    return _repairs([Repair.vehicle_id == vehicle_id], newest_first, limit)


def last_completed(
    vehicle_id: str, recent: list[HistoryRepair], limit: int
) -> HistoryRepair | None:
    """The completed repair with the latest finish, from `recent` when it must be there.

    A scooter has one performing repair at a time, so its repairs finish in the order they
    started: the newest completed one of the list is the last, and when the list is shorter
    than its limit it holds every repair there is. Otherwise one indexed read finds it.
    """
    done = [r for r in recent if r.status == Status.COMPLETED]
    if done:
        return max(done, key=lambda r: (r.finished_at, r.id))
    if len(recent) < limit:
        return None
    found = _repairs(
        [Repair.vehicle_id == vehicle_id, Repair.status == Status.COMPLETED],
        (Repair.finished_at.desc(), Repair.id.desc()),
        1,
    )
    return found[0] if found else None


def last_repair(
    vehicle_id: str,
    current_mileage_km: float | None,
    recent: list[HistoryRepair] | None = None,
    limit: int = 0,
) -> LastRepair | None:
    """The last completed repair; km since it when both mileages are known."""
    repair = last_completed(vehicle_id, recent or [], limit)
    if repair is None:
        return None
    since = None
    if current_mileage_km is not None and repair.mileage_km_at_start is not None:
        since = round(current_mileage_km - repair.mileage_km_at_start, 1)
    return LastRepair(repair, since)


def scooter_history(vehicle_id: str, limit: int) -> tuple[list[HistoryRepair], LastRepair | None]:
    """The repair-history API's answer: the newest repairs and the last completed one.

    The km since uses the mileage Drive reported lately; Drive is asked when the latest
    repair still lacks its snapshot and a read may fill it in.
    """
    repairs = recent_repairs(vehicle_id, limit)
    latest = repairs[0] if repairs else None
    if (
        latest is not None
        and latest.mileage_km_at_start is None
        and vehicles.snapshot_still_missing(latest.status, latest.finished_at)
    ):
        mileage = vehicles.recent_mileage(vehicle_id, ask_drive=True)
        repairs = recent_repairs(vehicle_id, limit)  # with the snapshot, if Drive filled it
    else:
        mileage = vehicles.recent_mileage(vehicle_id)
    return repairs, last_repair(vehicle_id, mileage, repairs, limit)


def active_repair(vehicle_id: str) -> Repair | None:
    """The scooter's performing repair, if any."""
    return db.session.scalar(
        select(Repair).where(Repair.vehicle_id == vehicle_id, Repair.status == Status.PERFORMING)
    )
