"""The feed's events of repairs and jobs, recorded in the write that starts or ends them."""

from __future__ import annotations

from sqlalchemy import select

from app.events.kinds import EventKind
from app.events.record import record
from app.extensions import db
from app.models import Job, Repair


def repair_event(repair: Repair, *, started: bool) -> None:
    """`repair.started`, or `repair.ended` with its status and comment."""
    record(
        EventKind.REPAIR_STARTED if started else EventKind.REPAIR_ENDED,
        vehicle_id=repair.vehicle_id,
        repair_id=repair.repair_id,
        performer_id=repair.performer_id,
        data=_field(repair)
        | ({} if started else {"status": repair.status, "comment": repair.comment}),
    )


def _field(repair: Repair) -> dict:
    return {"mission_id": repair.mission_id} if repair.mission_id else {}


def job_event(repair: Repair, job: Job) -> None:
    """`job.started` with its type, or `job.ended` with its type, status and comment."""
    started = job.is_active
    data = {"type": job.type}
    if not started:
        data |= {"status": job.status, "comment": job.comment}
    _record_job(EventKind.JOB_STARTED if started else EventKind.JOB_ENDED, repair, job.job_id, data)


def job_start_event(repair_id: str, job_id: str, job_type: str) -> None:
    """`job.started` for a job inserted by one statement (its repair is read back)."""
    repair = db.session.execute(
        select(Repair.vehicle_id, Repair.repair_id, Repair.performer_id).where(
            Repair.repair_id == repair_id
        )
    ).one()
    _record_job(EventKind.JOB_STARTED, repair, job_id, {"type": job_type})


def _record_job(kind: EventKind, repair, job_id: str, data: dict) -> None:
    record(
        kind,
        vehicle_id=repair.vehicle_id,
        repair_id=repair.repair_id,
        job_id=job_id,
        performer_id=repair.performer_id,
        data=data,
    )
