"""The km a scooter rode between two repairs that completed the same job type, kept on the jobs.

Rule (the statistics page's "km between repairs"): a completed job of type T in repair R gets
`km_since_same_type` = R's mileage at start minus the mileage at start of the scooter's
previous repair (by start, then id; at any date or warehouse) that has a known mileage and a
completed job of type T. None when R's mileage is unknown or there is no such repair. Every
completed T job of R carries the same value (the statistics count each repair once).

One UPDATE computes it with LAG() over (vehicle, type), for one scooter and type when a job
completes, for one scooter when a repair ends or a late mileage snapshot arrives, or for
everything (the demo data, the data generator). Migration 0004 holds a frozen copy in SQL.
"""

from __future__ import annotations

from sqlalchemy import Update, func, select, update

from app.extensions import db
from app.models import Job, Repair, Status


def fill_km_since_same_job(vehicle_id: str, job_type: str | None = None) -> None:
    """Work out the km since the previous same-type repair on the scooter's completed jobs
    (of `job_type` only, if given), in the caller's transaction."""
    db.session.flush()
    db.session.execute(km_since_same_job_update(vehicle_id, job_type))


def km_since_same_job_update(vehicle_id: str | None = None, job_type: str | None = None) -> Update:
    """UPDATE jobs setting km_since_same_type for one scooter (and type), or for all."""
    done = (
        select(
            Repair.id.label("repair_pk"),
            Repair.vehicle_id,
            Repair.started_at,
            Repair.mileage_km_at_start.label("mileage"),
            Job.type,
        )
        .distinct()
        .join(Repair, Repair.id == Job.repair_pk)
        .where(Job.status == Status.COMPLETED, Repair.mileage_km_at_start.is_not(None))
    )
    if vehicle_id is not None:
        done = done.where(Repair.vehicle_id == vehicle_id)
    if job_type is not None:
        done = done.where(Job.type == job_type)
    done = done.subquery("done")
    previous = func.lag(done.c.mileage).over(
        partition_by=(done.c.vehicle_id, done.c.type),
        order_by=(done.c.started_at, done.c.repair_pk),
    )
    chained = select(
        done.c.repair_pk, done.c.type, (done.c.mileage - previous).label("km")
    ).subquery("chained")
    return (
        update(Job)
        .where(
            Job.repair_pk == chained.c.repair_pk,
            Job.type == chained.c.type,
            Job.status == Status.COMPLETED,
        )
        .values(km_since_same_type=chained.c.km)
        .execution_options(synchronize_session=False)
    )
