"""A scooter's repair history and its last completed repair (the note's repair-history handle).

The history API is the chat bot's and the field app's most frequent read, so it reads plain rows
(no ORM objects): the repairs with their repairers' names, warehouses' time zones and jobs, in
one statement built once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import DateTime, bindparam, select, type_coerce

from app.database import as_utc
from app.extensions import db
from app.mileage import (
    MileageReading,
    fresh_reading,
    fresh_reading_or_read_and_remember,
    may_fill_start_mileage,
    read_mileage_and_remember,
)
from app.models import Job, Place, Repair, Status, User, Vehicle


@dataclass(frozen=True)
class HistoryJob:
    job_id: str
    type: str
    status: str
    comment: str | None = None


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
    comment: str | None = None
    jobs: list[HistoryJob] = field(default_factory=list)


@dataclass(frozen=True)
class LastRepair:
    """The completed repair with the latest finish, and how far the scooter rode since.

    `mileage_read_at` is the time of the Drive reading the km since come from (None with them).
    """

    repair: HistoryRepair
    mileage_km_since: float | None
    mileage_read_at: datetime | None = None

    @property
    def job_types(self) -> list[str]:
        return [job.type for job in self.repair.jobs if job.status == Status.COMPLETED]

    @property
    def finished_at(self) -> datetime | None:
        return self.repair.finished_at


# Times come as stored (naive UTC) and are made aware once per repair, not once per job row.
_COLUMNS = (
    Repair.id,
    Repair.repair_id,
    Repair.status,
    Repair.performer_id,
    User.name.label("performer_name"),
    Repair.place_id,
    Place.timezone.label("place_timezone"),
    type_coerce(Repair.started_at, DateTime).label("started_at"),
    type_coerce(Repair.finished_at, DateTime).label("finished_at"),
    Repair.mileage_km_at_start,
    Repair.comment,
)


@cache
def _statement(completed_only: bool):
    """The scooter's `:limit` newest (or last finished completed) repairs with their jobs.

    One row per job (one with null job columns for a repair without jobs), repairs in order,
    their jobs in start order. Built once: the statement is the same for every scooter.
    """
    if completed_only:
        where = (Repair.vehicle_id == bindparam("vehicle_id"), Repair.status == Status.COMPLETED)
        order = ("finished_at", "id")
    else:
        where = (Repair.vehicle_id == bindparam("vehicle_id"),)
        order = ("started_at", "id")
    chosen = (
        select(*_COLUMNS)
        .join(User, User.performer_id == Repair.performer_id)
        .join(Place, Place.place_id == Repair.place_id)
        .where(*where)
        .order_by(*(getattr(Repair, name).desc() for name in order))
        .limit(bindparam("limit"))
        .subquery()
    )
    return (
        select(
            chosen,
            Job.job_id,
            Job.type.label("job_type"),
            Job.status.label("job_status"),
            Job.comment.label("job_comment"),
            Vehicle.mileage_km.label("vehicle_mileage_km"),
            type_coerce(Vehicle.seen_at, DateTime).label("vehicle_seen_at"),
        )
        .outerjoin(Job, Job.repair_pk == chosen.c.id)
        .outerjoin(Vehicle, Vehicle.vehicle_id == bindparam("vehicle_id"))
        .order_by(*(chosen.c[name].desc() for name in order), Job.started_at, Job.id)
    )


@dataclass
class _Read:
    repairs: list[HistoryRepair]
    kept: MileageReading | None  # the mileage reading we keep of the scooter


def _read(vehicle_id: str, limit: int, *, completed_only: bool = False) -> _Read:
    """Repairs with their repairers' names, warehouses' zones and jobs, and what we know of
    the scooter's mileage, in one statement (no repairs: no mileage either)."""
    rows = db.session.connection().execute(
        _statement(completed_only), {"vehicle_id": vehicle_id, "limit": limit}
    )
    read = _Read([], None)
    repair = None
    vehicle_read = False
    for (
        pk, repair_id, status, performer_id, performer_name, place_id, place_timezone,
        started_at, finished_at, mileage_km_at_start, comment,
        job_id, job_type, job_status, job_comment, vehicle_mileage_km, vehicle_seen_at,
    ) in rows:  # fmt: skip
        if repair is None or repair.id != pk:
            repair = HistoryRepair(
                pk, repair_id, status, performer_id, performer_name, place_id, place_timezone,
                as_utc(started_at), as_utc(finished_at), mileage_km_at_start, comment,
            )  # fmt: skip
            read.repairs.append(repair)
        if not vehicle_read:  # the same on every row
            vehicle_read = True
            if vehicle_seen_at is not None:
                read.kept = MileageReading(vehicle_mileage_km, as_utc(vehicle_seen_at))
        if job_id is not None:
            repair.jobs.append(HistoryJob(job_id, job_type, job_status, job_comment))
    return read


def recent_repairs(vehicle_id: str, limit: int) -> list[HistoryRepair]:
    """The scooter's repairs, newest first, with their jobs."""
    return _read(vehicle_id, limit).repairs


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
    found = _read(vehicle_id, 1, completed_only=True).repairs
    return found[0] if found else None


def last_repair(
    vehicle_id: str,
    mileage: MileageReading | None,
    recent: list[HistoryRepair] | None = None,
    limit: int = 0,
) -> LastRepair | None:
    """The last completed repair; km since it when both mileages are known."""
    repair = last_completed(vehicle_id, recent or [], limit)
    return None if repair is None else _since(repair, mileage)


def _since(repair: HistoryRepair, mileage: MileageReading | None) -> LastRepair:
    """`repair` with the km the scooter rode since, by `mileage`, and that reading's time."""
    if mileage is None or mileage.km is None or repair.mileage_km_at_start is None:
        return LastRepair(repair, None, None)
    return LastRepair(repair, round(mileage.km - repair.mileage_km_at_start, 1), mileage.read_at)


def scooter_history(vehicle_id: str, limit: int) -> tuple[list[HistoryRepair], LastRepair | None]:
    """The repair-history API's answer: the newest repairs and the last completed one.

    The km since use a Drive reading at most MILEAGE_MAX_AGE_SECONDS old: the one we keep
    (read in the same statement as the repairs) when it is that fresh, else Drive's now, else
    none. Drive is also asked when the latest repair still lacks its snapshot and a read may
    fill it in; if it fails then, a fresh kept reading still serves. What Drive says is kept
    (`read_mileage_and_remember`): this read may write.
    """
    read = _read(vehicle_id, limit)
    repairs = read.repairs
    fill_snapshot = bool(repairs) and (
        repairs[0].mileage_km_at_start is None
        and may_fill_start_mileage(repairs[0].status, repairs[0].finished_at)
    )
    asked = read_mileage_and_remember(vehicle_id) if fill_snapshot else None
    if asked is not None:
        repairs = recent_repairs(vehicle_id, limit)  # with the snapshot, if Drive filled it
    repair = last_completed(vehicle_id, repairs, limit)
    if repair is None:
        return repairs, None
    if repair.mileage_km_at_start is None:  # no km since, whatever the mileage now
        mileage = None
    elif fill_snapshot:  # Drive was just asked: not twice
        mileage = asked or fresh_reading(read.kept)
    else:
        mileage = fresh_reading_or_read_and_remember(vehicle_id, read.kept)
    return repairs, _since(repair, mileage)


def active_repair(vehicle_id: str) -> Repair | None:
    """The scooter's performing repair, if any."""
    return db.session.scalar(
        select(Repair).where(Repair.vehicle_id == vehicle_id, Repair.status == Status.PERFORMING)
    )
