"""Repairs of a scooter written with times relative to now, and the km their jobs keep."""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.clock import utcnow
from app.extensions import db
from app.models import Job, Repair, Status

_serial = itertools.count(1)


def make_repair(
    vehicle_id: str,
    started_hours_ago: float,
    ended_hours_ago: float | None = None,
    status: str | None = None,
    mileage_km: float | None = None,
    jobs: tuple[tuple[str, str], ...] = (),
) -> Repair:
    """A repair started (and ended, unless None) that many hours ago, with (type, status) jobs."""
    now = utcnow()
    ended = None if ended_hours_ago is None else now - timedelta(hours=ended_hours_ago)
    repair = Repair(
        repair_id=f"r-{next(_serial)}",
        performer_id="rep-1",
        vehicle_id=vehicle_id,
        place_id="wh-1",
        status=status or (Status.PERFORMING if ended is None else Status.COMPLETED),
        started_at=now - timedelta(hours=started_hours_ago),
        finished_at=ended,
        mileage_km_at_start=mileage_km,
    )
    db.session.add(repair)
    db.session.flush()
    for job_type, job_status in jobs:
        db.session.add(
            Job(
                job_id=f"j-{next(_serial)}",
                repair_pk=repair.id,
                type=job_type,
                status=job_status,
                started_at=repair.started_at,
                finished_at=None if job_status == Status.PERFORMING else repair.started_at,
            )
        )
    db.session.commit()
    return repair


def km_since_of(repair: Repair) -> dict[str, float | None]:
    """{job type: km since the same job} of the repair's completed jobs, as stored now."""
    db.session.expire_all()
    return {
        job.type: job.km_since_same_type
        for job in db.session.get(Repair, repair.id).jobs
        if job.status == Status.COMPLETED
    }
