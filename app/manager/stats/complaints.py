"""Complaints in the statistics: how often scooters break per km ridden, and the faults that
came back soon after a repair resolved them (repeat failures). Both are SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, distinct, exists, func, literal, select, union_all
from sqlalchemy.orm import aliased

from app.extensions import db
from app.manager.sql import seconds_between
from app.manager.stats.scope import Scope
from app.models import Complaint, ComplaintJob, Job, JobType, Place, Repair, User, Vehicle
from app.models.repairs import JobTypeName
from app.vocabulary import ComplaintStatus

REPEAT_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class ComplaintRate:
    """Complaints per 1,000 km of a scooter model (key "" for the whole fleet)."""

    model: str
    scooters: int
    km: float
    complaints: int

    @property
    def per_1000_km(self) -> float | None:
        return self.complaints * 1000 / self.km if self.km else None


@dataclass(frozen=True)
class RepeatByRepairer:
    performer_id: str
    name: str
    resolved: int
    repeated: int

    @property
    def share(self) -> float | None:
        return self.repeated / self.resolved if self.resolved else None


@dataclass(frozen=True)
class RepeatByJobType(JobTypeName):
    code: str
    name_ru: str
    name_en: str
    resolved: int
    repeated: int

    @property
    def share(self) -> float | None:
        return self.repeated / self.resolved if self.resolved else None


def _window(scope: Scope) -> tuple[datetime, datetime]:
    """The period's UTC span over every zone concerned."""
    spans = [scope.period.bounds(zone) for zone in scope.zones]
    return min(s for s, _e in spans), max(e for _s, e in spans)


def complaint_rates(scope: Scope) -> list[ComplaintRate]:
    """Per model: complaints reported between a scooter's first and last mileage reading in
    the period, over the km between those readings (repairs' and Drive's last reading).

    Only scooters with two readings that differ count; under a warehouse filter, only
    scooters repaired there in the period. The first row (model "") is the whole fleet.
    """
    since, until = _window(scope)
    r, v = Repair, Vehicle
    readings = union_all(
        select(r.vehicle_id, r.started_at.label("at"), r.mileage_km_at_start.label("km")).where(
            r.mileage_km_at_start.is_not(None), r.started_at >= since, r.started_at < until
        ),
        select(v.vehicle_id, v.seen_at.label("at"), v.mileage_km.label("km")).where(
            v.mileage_km.is_not(None), v.seen_at >= since, v.seen_at < until
        ),
    ).subquery("readings")
    per = (
        select(
            readings.c.vehicle_id,
            func.min(readings.c.at).label("first_at"),
            func.max(readings.c.at).label("last_at"),
            (func.max(readings.c.km) - func.min(readings.c.km)).label("km"),
        )
        .group_by(readings.c.vehicle_id)
        .having(func.max(readings.c.km) > func.min(readings.c.km))
    )
    if scope.place_id:
        here = select(r.vehicle_id).where(
            r.place_id == scope.place_id, r.started_at >= since, r.started_at < until
        )
        per = per.where(readings.c.vehicle_id.in_(here))
    per = per.subquery("per_scooter")
    counted = (
        select(per.c.vehicle_id, per.c.km, func.count(Complaint.id).label("complaints"))
        .outerjoin(
            Complaint,
            and_(
                Complaint.vehicle_id == per.c.vehicle_id,
                Complaint.reported_at >= per.c.first_at,
                Complaint.reported_at <= per.c.last_at,
            ),
        )
        .group_by(per.c.vehicle_id, per.c.km)
        .subquery("counted")
    )
    model = func.coalesce(Vehicle.model, literal(""))
    query = (
        select(
            model,
            func.count(),
            func.sum(counted.c.km),
            func.sum(counted.c.complaints),
        )
        .select_from(counted)
        .join(Vehicle, Vehicle.vehicle_id == counted.c.vehicle_id)
        .group_by(model)
        .order_by(model)
    )
    rows = [ComplaintRate(m, n, float(km), int(c)) for m, n, km, c in db.session.execute(query)]
    total = ComplaintRate(
        "",
        sum(x.scooters for x in rows),
        sum(x.km for x in rows),
        sum(x.complaints for x in rows),
    )
    return [total, *rows]


def _resolved(scope: Scope):
    """Complaints resolved in the period (by their repair's warehouse), with a flag: did a
    complaint about the same scooter come within REPEAT_WITHIN after?"""
    bounds = scope.bounds
    later = aliased(Complaint)
    came_back = exists().where(
        later.vehicle_id == Complaint.vehicle_id,
        later.id != Complaint.id,
        later.reported_at > Complaint.resolved_at,
        seconds_between(Complaint.resolved_at, later.reported_at) <= REPEAT_WITHIN.total_seconds(),
    )
    return (
        select(
            Complaint.id,
            Repair.performer_id,
            case((came_back, 1), else_=0).label("repeated"),
        )
        .join(Repair, Repair.id == Complaint.repair_pk)
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Complaint.resolved_at)))
        .where(Complaint.status == ComplaintStatus.RESOLVED)
        .subquery("resolved")
    )


def repeats_by_repairer(scope: Scope) -> list[RepeatByRepairer]:
    """Per repairer: complaints their repairs resolved in the period, and those that came back."""
    resolved = _resolved(scope)
    repeated = func.sum(resolved.c.repeated)
    query = (
        select(User.performer_id, User.name, func.count(), func.coalesce(repeated, 0))
        .join(resolved, resolved.c.performer_id == User.performer_id)
        .group_by(User.performer_id, User.name)
        .order_by(func.coalesce(repeated, 0).desc(), func.count().desc(), User.name)
    )
    return [RepeatByRepairer(*row) for row in db.session.execute(query)]


def repeats_by_job_type(scope: Scope) -> list[RepeatByJobType]:
    """Per job type: complaints resolved in the period by jobs of that type (linked to them),
    and those that came back."""
    resolved = _resolved(scope)
    repeated = func.count(distinct(case((resolved.c.repeated == 1, resolved.c.id))))
    query = (
        select(
            JobType.code,
            JobType.name_ru,
            JobType.name_en,
            func.count(distinct(resolved.c.id)),
            repeated,
        )
        .join(Job, Job.type == JobType.code)
        .join(ComplaintJob, ComplaintJob.job_pk == Job.id)
        .join(resolved, resolved.c.id == ComplaintJob.complaint_pk)
        .group_by(JobType.code, JobType.name_ru, JobType.name_en, JobType.position)
        .order_by(JobType.position)
    )
    return [RepeatByJobType(*row) for row in db.session.execute(query)]
