"""Statistics of repairs and jobs: per day, by status, durations, the job-type mix.

Every number is one SQL aggregate (GROUP BY, window functions); Python only names the columns.
Durations are of *completed* repairs and jobs: a failed or cancelled one may have been left
open for days before someone ended it, and would say nothing about how long the work takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, select, union_all

from app.extensions import db
from app.manager.sql import percentiles, seconds_between, shifted_date
from app.manager.stats.scope import Scope, scoped_jobs, scoped_repairs
from app.models import JobType, Place, Repair, Status
from app.models.repairs import JobTypeName


@dataclass(frozen=True)
class DayCount:
    day: date
    started: int
    completed: int
    failed: int


@dataclass(frozen=True)
class StatusCounts:
    """Repairs started in the period, and how many of them have each status now.

    Built by status name, so a status added to app/vocabulary.py is counted with no change
    here. `counts["completed"]` reads one (templates: `counts.completed`); 0 if not counted.
    """

    started: int
    by_status: dict[str, int]
    in_field: int = 0  # of those started, how many at a field mission's point

    def __getitem__(self, status: str) -> int:
        return self.by_status.get(status, 0)


@dataclass(frozen=True)
class DurationStats:
    """How long completed work took: count, median and 90th percentile, in seconds."""

    n: int
    p50: float | None
    p90: float | None


@dataclass(frozen=True)
class JobTypeStats(JobTypeName):
    code: str
    name_ru: str
    name_en: str
    jobs: int
    completed: int
    share: float  # of all jobs started in the period
    durations: DurationStats


def _flag(condition):
    """1 where `condition` holds, else 0."""
    return case((condition, 1), else_=0)


def _count(condition):
    """How many rows of the group meet `condition`."""
    return func.coalesce(func.sum(_flag(condition)), 0)


def per_day(scope: Scope) -> list[DayCount]:
    """Repairs started, completed and failed on each local day of the period (zero days too).

    Started counts by the start's local day, completed and failed by the finish's local day.
    Each event's local date is its UTC time plus its zone's offset at that moment.
    """
    bounds, offsets, dates = scope.bounds, scope.offsets, scope.dates
    starts = (
        select(
            Repair.started_at.label("at"),
            literal(1).label("started"),
            literal(0).label("completed"),
            literal(0).label("failed"),
            Place.timezone,
        )
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.started_at)))
    )
    ends = (
        select(
            Repair.finished_at,
            literal(0),
            _flag(Repair.status == Status.COMPLETED),
            _flag(Repair.status == Status.FAILED),
            Place.timezone,
        )
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.finished_at)))
        .where(Repair.status.in_((Status.COMPLETED, Status.FAILED)))
    )
    events = union_all(starts, ends).subquery("events")
    day = shifted_date(events.c.at, offsets.c.minutes)
    per_date = (
        select(
            day.label("day"),
            func.sum(events.c.started).label("started"),
            func.sum(events.c.completed).label("completed"),
            func.sum(events.c.failed).label("failed"),
        )
        .join(
            offsets,
            and_(
                offsets.c.tz == events.c.timezone,
                events.c.at >= offsets.c.starts_at,
                events.c.at < offsets.c.ends_at,
            ),
        )
        .group_by(day)
        .subquery("per_date")
    )
    query = (
        select(
            dates.c.day,
            func.coalesce(per_date.c.started, 0),
            func.coalesce(per_date.c.completed, 0),
            func.coalesce(per_date.c.failed, 0),
        )
        .outerjoin(per_date, per_date.c.day == dates.c.day)
        .order_by(dates.c.day)
    )
    return [DayCount(*row) for row in db.session.execute(query)]


def status_counts(scope: Scope) -> StatusCounts:
    """Repairs started in the period, by the status they have now."""
    repairs = scoped_repairs(scope)
    row = db.session.execute(
        select(
            func.count().label("started"),
            _count(repairs.c.mission_id.is_not(None)).label("in_field"),
            *(_count(repairs.c.status == status).label(status) for status in Status),
        ).select_from(repairs)
    ).one()
    counts = row._mapping
    return StatusCounts(
        started=int(counts["started"]),
        by_status={status.value: int(counts[status.value]) for status in Status},
        in_field=int(counts["in_field"]),
    )


def repair_durations(scope: Scope) -> DurationStats:
    """Median and 90th percentile of the durations of completed repairs started in the period."""
    repairs = scoped_repairs(scope)
    done = (
        select(seconds_between(repairs.c.started_at, repairs.c.finished_at).label("seconds"))
        .where(repairs.c.status == Status.COMPLETED)
        .subquery("done")
    )
    summary = percentiles(None, done.c.seconds, (50, 90))
    row = db.session.execute(select(summary.c.n, summary.c.p50, summary.c.p90)).first()
    return DurationStats(*row) if row else DurationStats(0, None, None)


def job_types(scope: Scope) -> list[JobTypeStats]:
    """Per job type: jobs started, completed, share of all jobs, duration percentiles."""
    jobs = scoped_jobs(scope)
    done = (
        select(jobs.c.type, seconds_between(jobs.c.started_at, jobs.c.finished_at).label("s"))
        .where(jobs.c.status == Status.COMPLETED)
        .subquery("done_jobs")
    )
    spans = percentiles(done.c.type, done.c.s, (50, 90))
    mix = (
        select(
            jobs.c.type,
            func.count().label("jobs"),
            _count(jobs.c.status == Status.COMPLETED).label("completed"),
            (func.count() * 1.0 / func.sum(func.count()).over()).label("share"),
        )
        .group_by(jobs.c.type)
        .subquery("mix")
    )
    query = (
        select(
            JobType.code,
            JobType.name_ru,
            JobType.name_en,
            mix.c.jobs,
            mix.c.completed,
            mix.c.share,
            spans.c.n,
            spans.c.p50,
            spans.c.p90,
        )
        .join(mix, mix.c.type == JobType.code)
        .outerjoin(spans, spans.c.key == JobType.code)
        .order_by(mix.c.jobs.desc(), JobType.position)
    )
    return [
        JobTypeStats(*row[:5], float(row.share), DurationStats(row.n or 0, row.p50, row.p90))
        for row in db.session.execute(query)
    ]
