"""Statistics per scooter: downtime in repair, the scooters repaired most often, and the km a
scooter rides before the same job is needed again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select

from app.extensions import db
from app.manager.sql import percentiles, seconds_between
from app.manager.stats.scope import Scope, scoped_repairs
from app.models import Job, JobType, Place, Repair, Status, Vehicle
from app.models.repairs import JobTypeName

TOP = 10


@dataclass(frozen=True)
class ScooterStats:
    vehicle_id: str
    number: str | None
    repairs: int
    downtime_seconds: float
    average_seconds: float


@dataclass(frozen=True)
class DowntimeTotals:
    scooters: int
    repairs: int
    total_seconds: float
    per_scooter_seconds: float | None
    per_repair_seconds: float | None


@dataclass(frozen=True)
class KmBetween(JobTypeName):
    code: str
    name_ru: str
    name_en: str
    intervals: int
    average_km: float | None
    median_km: float | None


def _per_scooter(scope: Scope):
    """Subquery: per scooter, repairs started in the period and their time in repair.

    Downtime counts every repair whatever its end, from its start to its finish, and a repair
    still performing up to now: the scooter was out of service all that time.
    """
    repairs = scoped_repairs(scope)
    spent = seconds_between(
        repairs.c.started_at, func.coalesce(repairs.c.finished_at, scope.now_value)
    )
    return (
        select(
            repairs.c.vehicle_id,
            func.count().label("repairs"),
            func.sum(spent).label("downtime"),
            func.avg(spent).label("average"),
        )
        .group_by(repairs.c.vehicle_id)
        .subquery("per_scooter")
    )


def scooters(scope: Scope, by: str = "downtime", limit: int = TOP) -> list[ScooterStats]:
    """The scooters with the most downtime (by="downtime") or the most repairs (by="repairs")."""
    per = _per_scooter(scope)
    order = (
        (per.c.downtime.desc(), per.c.repairs.desc())
        if by == "downtime"
        else (per.c.repairs.desc(), per.c.downtime.desc())
    )
    query = (
        select(per.c.vehicle_id, Vehicle.number, per.c.repairs, per.c.downtime, per.c.average)
        .outerjoin(Vehicle, Vehicle.vehicle_id == per.c.vehicle_id)
        .order_by(*order, per.c.vehicle_id)
        .limit(limit)
    )
    return [ScooterStats(*row) for row in db.session.execute(query)]


def downtime_totals(scope: Scope) -> DowntimeTotals:
    """Downtime over all scooters: total, per scooter and per repair."""
    per = _per_scooter(scope)
    total = func.coalesce(func.sum(per.c.downtime), 0.0)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(per.c.repairs), 0),
            total,
            func.avg(per.c.downtime),
            total / func.nullif(func.sum(per.c.repairs), 0),
        ).select_from(per)
    ).one()
    return DowntimeTotals(*row)


def km_between(scope: Scope) -> list[KmBetween]:
    """Per job type T: the km a scooter rode between two repairs in which T was completed.

    For each repair R started in the period with a completed job of type T and a known
    mileage at R's start, the interval is R's mileage minus the mileage at the start of the
    scooter's previous repair with a completed T and a known mileage (at any date or warehouse).
    A repair that completed T twice counts once. Reported: count, mean and median (percentile
    method in sql.percentiles). The interval is kept on each completed job as it completes
    (jobs.km_since_same_type, app/mileage/same_job.py), so this reads only the period's jobs.
    """
    bounds = scope.bounds
    intervals = (
        select(Job.repair_pk, Job.type, Job.km_since_same_type.label("km"))
        .distinct()
        .join(Repair, Repair.id == Job.repair_pk)
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.started_at)))
        .where(Job.status == Status.COMPLETED, Job.km_since_same_type.is_not(None))
        .subquery("intervals")
    )
    medians = percentiles(intervals.c.type, intervals.c.km, (50,))
    query = (
        select(
            JobType.code,
            JobType.name_ru,
            JobType.name_en,
            medians.c.n,
            medians.c.mean,
            medians.c.p50,
        )
        .join(medians, medians.c.key == JobType.code)
        .order_by(JobType.position)
    )
    return [KmBetween(*row) for row in db.session.execute(query)]
