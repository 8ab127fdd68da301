"""Statistics per repairer: repairs, jobs, hands-on time and utilisation.

- Hands-on time: how long the repairer's *completed and failed* jobs (of repairs started in the
  period) ran, each moment counted once: two jobs running at the same time (the tablet allows
  it) give their union, not their sum. Cancelled jobs are left out: a repair ended days later
  by a manager cancels its open jobs, and those days were not work.
- Shift time: the part of each of the repairer's shifts that lies inside the period (a shift
  still open counts up to now), at the chosen warehouse if one is chosen.
- Utilisation: hands-on time / shift time; None when there was no shift time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

from app.extensions import db
from app.manager.sql import seconds_between
from app.manager.stats.scope import Scope, scoped_jobs, scoped_repairs
from app.models import Place, Shift, Status, User


@dataclass(frozen=True)
class RepairerStats:
    performer_id: str
    name: str
    repairs: int
    jobs: int
    hands_on_seconds: float
    shift_seconds: float
    utilisation: float | None


def _later(a, b):
    return case((a > b, a), else_=b)


def _earlier(a, b):
    return case((a < b, a), else_=b)


def shift_time(scope: Scope):
    """Subquery (performer_id, seconds): shift time inside the period, per repairer."""
    bounds = scope.bounds
    ended = func.coalesce(Shift.ended_at, scope.now_value)
    conditions = [
        bounds.c.tz == Place.timezone,
        Shift.started_at < bounds.c.ends_at,
        ended > bounds.c.starts_at,
    ]
    if scope.place_id:
        conditions.append(Shift.place_id == scope.place_id)
    clipped = seconds_between(
        _later(Shift.started_at, bounds.c.starts_at), _earlier(ended, bounds.c.ends_at)
    )
    return (
        select(Shift.performer_id, func.sum(clipped).label("seconds"))
        .join(Place, Place.place_id == Shift.place_id)
        .join(bounds, and_(*conditions))
        .group_by(Shift.performer_id)
        .subquery("shift_time")
    )


def hands_on_time(scope: Scope):
    """Subquery (performer_id, seconds): the union of each repairer's worked job intervals.

    Jobs are taken in order of start; each adds only the part of it that runs past the latest
    end among the jobs before it (a window maximum), so overlapping time counts once. The same
    sweep as merging intervals by hand, in one SQL pass on SQLite and PostgreSQL."""
    jobs = scoped_jobs(scope)
    worked = (
        select(
            jobs.c.performer_id,
            jobs.c.started_at,
            jobs.c.finished_at,
            func.max(jobs.c.finished_at)
            .over(
                partition_by=jobs.c.performer_id,
                order_by=(jobs.c.started_at, jobs.c.id),
                rows=(None, -1),
            )
            .label("covered_until"),
        )
        .where(jobs.c.status.in_((Status.COMPLETED, Status.FAILED)))
        .subquery("worked_jobs")
    )
    start = case(
        (worked.c.covered_until > worked.c.started_at, worked.c.covered_until),
        else_=worked.c.started_at,
    )
    added = case(
        (worked.c.finished_at > start, seconds_between(start, worked.c.finished_at)), else_=0.0
    )
    return (
        select(worked.c.performer_id, func.sum(added).label("seconds"))
        .group_by(worked.c.performer_id)
        .subquery("hands_on_time")
    )


def repairers(scope: Scope) -> list[RepairerStats]:
    """Everyone who repaired, worked on jobs or was on shift in the scope, busiest first."""
    repairs = scoped_repairs(scope)
    per_repairs = (
        select(repairs.c.performer_id, func.count().label("n"))
        .group_by(repairs.c.performer_id)
        .subquery("per_repairs")
    )
    jobs = scoped_jobs(scope)
    per_jobs = (
        select(jobs.c.performer_id, func.count().label("n"))
        .group_by(jobs.c.performer_id)
        .subquery("per_jobs")
    )
    worked = hands_on_time(scope)
    shifts = shift_time(scope)
    hands_on = func.coalesce(worked.c.seconds, 0.0)
    on_shift = func.coalesce(shifts.c.seconds, 0.0)
    query = (
        select(
            User.performer_id,
            User.name,
            func.coalesce(per_repairs.c.n, 0),
            func.coalesce(per_jobs.c.n, 0),
            hands_on,
            on_shift,
            case((on_shift > 0, hands_on / on_shift), else_=None),
        )
        .outerjoin(per_repairs, per_repairs.c.performer_id == User.performer_id)
        .outerjoin(per_jobs, per_jobs.c.performer_id == User.performer_id)
        .outerjoin(worked, worked.c.performer_id == User.performer_id)
        .outerjoin(shifts, shifts.c.performer_id == User.performer_id)
        .where(
            or_(
                per_repairs.c.n.is_not(None),
                per_jobs.c.n.is_not(None),
                shifts.c.seconds.is_not(None),
            )
        )
        .order_by(hands_on.desc(), User.name)
    )
    return [RepairerStats(*row) for row in db.session.execute(query)]
