"""Finding the records a repair refers to, or saying plainly which one is missing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import lazyload

from app.errors import NotFound, Unprocessable
from app.extensions import db
from app.models import ACTIVE, Job, JobType, Place, Repair, User, Vehicle


def active_user(performer_id: str) -> User:
    """The active user with this id, else 422 unknown_performer."""
    user = db.session.get(User, performer_id)
    if user is None or not user.active:
        raise Unprocessable(f"No active performer {performer_id!r}.", code="unknown_performer")
    return user


def active_place(place_id: str) -> Place:
    """The active warehouse with this id, else 422 unknown_place."""
    place = db.session.get(Place, place_id)
    if place is None or not place.active:
        raise Unprocessable(f"No active place {place_id!r}.", code="unknown_place")
    return place


def active_job_type(code: str) -> JobType:
    """The active job type with this code, else 422 unknown_job_type."""
    job_type = db.session.get(JobType, code)
    if job_type is None or not job_type.active:
        raise Unprocessable(
            f"No active job type {code!r}; see GET /api/job-types.", code="unknown_job_type"
        )
    return job_type


def find_repair(repair_id: str, *, for_update: bool = False) -> Repair | None:
    """The repair with this client-chosen id, optionally locking its row."""
    query = select(Repair).where(Repair.repair_id == repair_id)
    if for_update:
        query = query.with_for_update(of=Repair)
    return db.session.scalar(query)


def repair_for_job(repair_id: str, job_type: str) -> tuple[Repair | None, bool]:
    """The repair, its row locked, and whether `job_type` is an active job type: one read.

    Its jobs, repairer and warehouse are not loaded (they load if used).
    """
    type_active = select(JobType.active).where(JobType.code == job_type).scalar_subquery()
    row = db.session.execute(
        select(Repair, type_active)
        .where(Repair.repair_id == repair_id)
        .options(lazyload(Repair.jobs), lazyload(Repair.performer), lazyload(Repair.place))
        .with_for_update(of=Repair)
    ).first()
    return (row[0], bool(row[1])) if row is not None else (None, False)


def get_repair(repair_id: str, *, for_update: bool = False) -> Repair:
    """The repair with this id, else 404 not_found."""
    repair = find_repair(repair_id, for_update=for_update)
    if repair is None:
        raise NotFound(f"No repair {repair_id!r}.", repair_id=repair_id)
    return repair


def find_job(job_id: str) -> Job | None:
    """The job with this client-chosen id."""
    return db.session.scalar(select(Job).where(Job.job_id == job_id))


def get_job(job_id: str) -> Job:
    """The job with this id, else 404 not_found."""
    job = find_job(job_id)
    if job is None:
        raise NotFound(f"No job {job_id!r}.", job_id=job_id)
    return job


def jobs_by_repair(repair_pks: list[int], lines: Select) -> dict[int, list[Row]]:
    """The jobs of these repairs in start order, one query: `lines` selects Job.repair_pk
    first, then what each job line needs; the lines come without the repair_pk."""
    found: dict[int, list[Row]] = defaultdict(list)
    if repair_pks:
        query = lines.where(Job.repair_pk.in_(repair_pks)).order_by(Job.started_at, Job.id)
        for repair_pk, *line in db.session.execute(query):
            found[repair_pk].append(line)
    return found


def performing_repair_of(
    *, performer_id: str | None = None, vehicle_id: str | None = None
) -> Repair | None:
    """The performing repair of a performer or of a vehicle, if there is one."""
    query = select(Repair).where(Repair.status == ACTIVE)
    if performer_id is not None:
        query = query.where(Repair.performer_id == performer_id)
    if vehicle_id is not None:
        query = query.where(Repair.vehicle_id == vehicle_id)
    return db.session.scalar(query)


@dataclass(frozen=True)
class OpenRepair:
    """What a page says of the performer's own performing repair: a link and the plate."""

    repair_id: str
    vehicle_id: str
    number: str | None  # as Drive last told it; None if it never did


def open_repair_of(performer_id: str) -> OpenRepair | None:
    """The performer's performing repair with its scooter's known plate, in one statement (no
    repair object, its repairer or its jobs: the tablet's pages only link to it)."""
    row = db.session.execute(
        select(Repair.repair_id, Repair.vehicle_id, Vehicle.number)
        .outerjoin(Vehicle, Vehicle.vehicle_id == Repair.vehicle_id)
        .where(Repair.status == ACTIVE, Repair.performer_id == performer_id)
        .limit(1)
    ).first()
    return OpenRepair(*row) if row else None
