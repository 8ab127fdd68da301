"""What a statistic counts: the period and warehouse chosen, turned into SQL.

Rules, the same for every statistic:
- A repair belongs to the period when it *started* in it, by the local date of its warehouse
  (see periods.py), and its jobs belong with it. (Counting jobs by their own start would need a
  scan of all jobs; through their repair, the started_at indexes do the work.) Per-day
  completions and failures are the exception: they count on the day the repair *finished*.
- A warehouse filter keeps the repairs (and their jobs) done there, and the shifts worked there.
- Durations run from start to finish; a repair still performing counts up to `now` where a
  statistic says so (downtime), and is left out where only finished work makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import and_, literal, select

from app.clock import utcnow
from app.database import UTCDateTime
from app.manager.filters import StatsFilters
from app.manager.periods import Period, date_table, offset_table, period_table, zones_of
from app.models import Job, Place, Repair


@dataclass(frozen=True)
class Scope:
    """A period, a warehouse (or None for all) and the moment "now" for open intervals.

    The period's bounds are one CTE per scope, shared by every part of a statement.
    """

    period: Period
    place_id: str | None = None
    now: datetime = field(default_factory=utcnow)

    @classmethod
    def of(cls, filters: StatsFilters) -> Scope:
        return cls(filters.period, filters.place_id or None)

    @property
    def now_value(self):
        """`now` as a SQL value of the stored kind (naive UTC on both databases)."""
        return literal(self.now, UTCDateTime())

    @cached_property
    def zones(self) -> list[str]:
        return zones_of(self.place_id)

    @cached_property
    def bounds(self):
        """CTE (tz, starts_at, ends_at): the period's UTC bounds in each zone concerned."""
        return period_table(self.period, self.zones)

    @cached_property
    def offsets(self):
        """CTE (tz, starts_at, ends_at, minutes): stretches of constant UTC offset per zone."""
        return offset_table(self.period, self.zones)

    @cached_property
    def dates(self):
        """CTE (day): every date of the period."""
        return date_table(self.period)

    def within(self, bounds, moment) -> list:
        """Conditions: `moment` (a column) falls in the period at its warehouse (Place joined)."""
        conditions = [
            bounds.c.tz == Place.timezone,
            moment >= bounds.c.starts_at,
            moment < bounds.c.ends_at,
        ]
        if self.place_id:
            conditions.append(Place.place_id == self.place_id)
        return conditions


def scoped_repairs(scope: Scope):
    """Repairs started in the scope, as a subquery with their warehouse's zone."""
    bounds = scope.bounds
    return (
        select(
            Repair.id,
            Repair.vehicle_id,
            Repair.performer_id,
            Repair.place_id,
            Repair.status,
            Repair.started_at,
            Repair.finished_at,
            Repair.mileage_km_at_start,
            Repair.mission_id,
        )
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.started_at)))
        .subquery("scoped_repairs")
    )


def scoped_jobs(scope: Scope):
    """The jobs of the repairs started in the scope, with their repair's performer."""
    bounds = scope.bounds
    return (
        select(
            Job.id,
            Job.type,
            Job.status,
            Job.started_at,
            Job.finished_at,
            Job.repair_pk,
            Repair.performer_id,
            Repair.vehicle_id,
        )
        .join(Repair, Repair.id == Job.repair_pk)
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.started_at)))
        .subquery("scoped_jobs")
    )
