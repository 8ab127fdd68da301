"""The work-order rules of the note and of docs/DESIGN.md ("Rules"), in one place.

Every write runs in `write_transaction` and re-checks what it read inside it. The partial
unique indexes on `repairs` are the last word under races: an IntegrityError is read back as
the retry or the conflict it stands for, never as a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, exists, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.clock import utcnow
from app.database import UTCDateTime, write_transaction
from app.errors import Conflict, NotFound, Unprocessable
from app.extensions import db
from app.mileage import (
    fill_km_since_same_job,
    read_mileage_and_remember,
    read_start_mileage_and_remember,
)
from app.models import ACTIVE, Job, JobType, Repair, Status
from app.repairs import lookup, missions
from app.repairs.events import job_event, job_start_event, repair_event


@dataclass(frozen=True)
class RepairRequest:
    """What a client asks for when it starts a repair."""

    repair_id: str
    performer_id: str
    vehicle_id: str
    place_id: str | None  # None for a field repair: the mission's warehouse
    mission_id: str | None = None  # a field repair, at this mission's point of the vehicle


def start_repair(req: RepairRequest) -> tuple[Repair, bool]:
    """Start a repair, or recognise a retry. Returns (repair, created).

    Drive is asked for the mileage before the write lock is taken; when it cannot answer,
    the repair starts anyway and the mileage is filled in later (see app.mileage.snapshot).
    A field repair (`mission_id`) claims its mission's point in the same transaction.
    """
    if req.mission_id is not None:
        req = replace(req, place_id=missions.get_mission(req.mission_id).place_id)
    existing = lookup.find_repair(req.repair_id)
    if existing is not None:
        return _replayed_repair(existing, req), False
    lookup.active_user(req.performer_id)
    lookup.active_place(req.place_id)
    mileage_km = read_start_mileage_and_remember(req.vehicle_id)
    try:
        with write_transaction():
            existing = lookup.find_repair(req.repair_id)
            if existing is not None:
                return _replayed_repair(existing, req), False
            mission = None
            if req.mission_id is not None:
                mission = missions.claim_point(req.mission_id, req.performer_id, req.vehicle_id)
            _check_free(req.performer_id, req.vehicle_id)
            repair = Repair(
                repair_id=req.repair_id,
                performer_id=req.performer_id,
                vehicle_id=req.vehicle_id,
                place_id=req.place_id,
                mission_id=req.mission_id,
                status=Status.PERFORMING,
                started_at=utcnow(),
                mileage_km_at_start=mileage_km,
            )
            db.session.add(repair)
            if mission is not None:
                missions.attach_repair(mission, repair)
            repair_event(repair, started=True)
    except (IntegrityError, Conflict):
        # A parallel request may have just committed this very repair_id (PostgreSQL reads
        # committed rows statement by statement): then this is a retry, not a conflict.
        existing = lookup.find_repair(req.repair_id)
        if existing is not None:
            return _replayed_repair(existing, req), False
        _check_free(req.performer_id, req.vehicle_id)  # say which index refused us
        raise
    return repair, True


def _replayed_repair(repair: Repair, req: RepairRequest) -> Repair:
    """A retry must repeat the original parameters exactly."""
    same = (repair.performer_id, repair.vehicle_id, repair.place_id, repair.mission_id) == (
        req.performer_id,
        req.vehicle_id,
        req.place_id,
        req.mission_id,
    )
    if not same:
        raise Unprocessable(
            f"Repair {req.repair_id!r} was started with other parameters.",
            code="idempotency_mismatch",
            repair_id=req.repair_id,
        )
    return repair


def _check_free(performer_id: str, vehicle_id: str) -> None:
    """409 when the performer or the vehicle already has a performing repair."""
    busy = lookup.performing_repair_of(performer_id=performer_id)
    if busy is not None:
        raise Conflict(
            f"Performer {performer_id!r} already has repair {busy.repair_id!r} in progress.",
            code="performer_busy",
            repair_id=busy.repair_id,
        )
    busy = lookup.performing_repair_of(vehicle_id=vehicle_id)
    if busy is not None:
        raise Conflict(
            f"Vehicle {vehicle_id!r} is already in repair {busy.repair_id!r}.",
            code="vehicle_busy",
            repair_id=busy.repair_id,
        )


def finish_repair(repair_id: str, status: str = Status.COMPLETED, comment: str | None = None):
    """End a repair as completed, failed or cancelled; replaying the same end is harmless."""
    with write_transaction():
        repair = lookup.get_repair(repair_id, for_update=True)
        if not repair.is_active:
            _check_same_end(repair.status, status, "Repair", repair_id=repair_id)
            return repair
        if status == Status.COMPLETED:
            _check_completable(repair)
        now = utcnow()
        for job in repair.jobs:
            if job.is_active:
                job.status, job.finished_at = Status.CANCELLED, now
                job_event(repair, job)
        repair.status, repair.finished_at = status, now
        if comment:
            repair.comment = comment
        repair_event(repair, started=False)
        if repair.is_field:
            missions.end_point(repair)
        if repair.mileage_km_at_start is not None:  # perhaps snapshotted after jobs completed
            fill_km_since_same_job(repair.vehicle_id)
    if repair.mileage_km_at_start is None:
        # The scooter is still in the warehouse at the end: a late mileage snapshot is valid,
        # and filling it in also fills in the jobs' km since the same job.
        if read_mileage_and_remember(repair.vehicle_id) is not None:
            db.session.refresh(repair)
    return repair


def _check_completable(repair: Repair) -> None:
    """A repair is completed only when every job has ended and at least one was done."""
    running = [job.job_id for job in repair.jobs if job.is_active]
    if running:
        raise Conflict(
            "Some jobs are still in progress.",
            code="jobs_in_progress",
            repair_id=repair.repair_id,
            job_ids=running,
        )
    if not any(job.status == Status.COMPLETED for job in repair.jobs):
        raise Conflict(
            "A repair needs at least one completed job to be completed.",
            code="no_completed_jobs",
            repair_id=repair.repair_id,
        )


def _check_same_end(current: str, wanted: str, what: str, **extra: str) -> None:
    """Ending twice with the same status is a retry; with another it is a conflict."""
    if current != wanted:
        raise Conflict(
            f"{what} already finished as {current}.",
            code="already_finished",
            status=current,
            **extra,
        )


@dataclass(frozen=True)
class StartedJob:
    """A job just started, as written: what the answer to its start shows."""

    job_id: str
    repair_id: str
    type: str
    status: str
    started_at: datetime
    finished_at: None = None
    comment: None = None


def start_job(repair_id: str, job_id: str, job_type: str) -> tuple[Job | StartedJob, bool]:
    """Start a job within a performing repair, or recognise a retry. Returns (job, created).

    The hottest write of the app, so when the job may start it costs one statement: an
    INSERT from a SELECT that locks the performing repair and checks that the job type is
    active. When it inserts nothing, the locking read says why (every refusal first checks
    whether the job already exists, so a retry is always answered alike); a retry of a job
    that did start is recognised by its unique job id.
    """
    try:
        with write_transaction(keep_loaded=True):
            started = _insert_job(repair_id, job_id, job_type)
            if started is not None:
                job_start_event(started.repair_id, started.job_id, job_type)
                return started, True
            repair, type_active = lookup.repair_for_job(repair_id, job_type)
            if repair is None or not type_active or repair.status != ACTIVE:
                existing = lookup.find_job(job_id)
                if existing is not None:
                    return _replayed_job(existing, repair_id, job_type), False
            if repair is None:
                raise NotFound(f"No repair {repair_id!r}.", repair_id=repair_id)
            if not type_active:
                lookup.active_job_type(job_type)  # raises the 422 that says which
            if repair.status != ACTIVE:
                raise Conflict(
                    f"Repair {repair_id!r} has ended ({repair.status}).",
                    code="repair_not_active",
                    repair_id=repair_id,
                    status=repair.status,
                )
            # The repair and type became valid since the INSERT looked (another writer).
            job = Job(job_id=job_id, repair_pk=repair.id, type=job_type, started_at=utcnow())
            db.session.add(job)
            db.session.flush()
            set_committed_value(job, "repair", repair)
            job_event(repair, job)
    except IntegrityError:
        existing = lookup.find_job(job_id)
        if existing is None:
            raise
        return _replayed_job(existing, repair_id, job_type), False
    return job, True


@cache
def _job_insert():
    """INSERT a performing job FROM the SELECT of its repair, locked, when the repair performs
    and the job type is active; built once, it returns the new job's id (none: refused)."""
    type_active = exists().where(JobType.code == bindparam("type"), JobType.active)
    repair = (
        select(
            bindparam("job_id"),
            Repair.id,
            bindparam("type"),
            literal(Status.PERFORMING),
            bindparam("started_at", type_=UTCDateTime),
        )
        .where(Repair.repair_id == bindparam("repair_id"), Repair.status == ACTIVE, type_active)
        .with_for_update(of=Repair)
    )
    columns = ["job_id", "repair_pk", "type", "status", "started_at"]
    return insert(Job).from_select(columns, repair).returning(Job.id)


def _insert_job(repair_id: str, job_id: str, job_type: str) -> StartedJob | None:
    started_at = utcnow()
    params = {"job_id": job_id, "repair_id": repair_id, "type": job_type, "started_at": started_at}
    inserted = db.session.connection().execute(_job_insert(), params).first()
    if inserted is None:
        return None
    return StartedJob(job_id, repair_id, job_type, Status.PERFORMING, started_at)


def _replayed_job(job: Job, repair_id: str, job_type: str) -> Job:
    """A retried job start must name the same repair and type."""
    if (job.repair.repair_id, job.type) != (repair_id, job_type):
        raise Unprocessable(
            f"Job {job.job_id!r} was started with other parameters.",
            code="idempotency_mismatch",
            job_id=job.job_id,
        )
    return job


def finish_job(job_id: str, status: str = Status.COMPLETED, comment: str | None = None) -> Job:
    """End a job as completed, failed or cancelled, with an optional reason; replaying the
    same end is harmless (and keeps the first reason)."""
    with write_transaction():
        job = lookup.get_job(job_id)
        lookup.get_repair(job.repair.repair_id, for_update=True)  # serialise with repair ends
        db.session.refresh(job)  # as it is now that we hold the lock (PostgreSQL reads no older)
        if not job.is_active:
            _check_same_end(job.status, status, "Job", job_id=job_id)
            return job
        job.status, job.finished_at = status, utcnow()
        if comment:
            job.comment = comment
        job_event(job.repair, job)
        if status == Status.COMPLETED:
            fill_km_since_same_job(job.repair.vehicle_id, job.type)
    return job
