"""Repair history lists: filtered, newest first, paged by key so page 1000 costs what page 1 does.

Keyset pagination (app.web.cursors): rows are ordered by (started_at DESC, id DESC) and a page
continues after (or, going back, before) the key of a row, never with OFFSET.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, and_, exists, literal, or_, select, union
from sqlalchemy.orm import aliased

from app.extensions import db
from app.manager.filters import HistoryFilters
from app.manager.periods import period_table, zones_of
from app.manager.sql import history_session
from app.models import Job, JobType, Place, Repair, User, Vehicle
from app.models.repairs import JobTypeName
from app.repairs.lookup import jobs_by_repair
from app.web.cursors import Cursor, newer_than, older_than

PAGE_SIZE = 50


@dataclass
class JobLine(JobTypeName):
    """One job of a repair, as the history shows it."""

    type: str
    name_ru: str
    name_en: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    comment: str | None = None  # the reason given when it ended

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass
class HistoryRow:
    """One repair in a history list."""

    id: int
    repair_id: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    vehicle_id: str
    number: str | None
    performer_id: str
    performer_name: str
    place_id: str
    place_name: str
    timezone: str
    mileage_km: float | None
    previous_mileage_km: float | None
    comment: str | None
    mission_id: str | None  # set for a field repair
    jobs: list[JobLine] = field(default_factory=list)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.started_at, self.id)

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def km_since_previous(self) -> float | None:
        """Km ridden since the scooter's previous repair with a known mileage."""
        if self.mileage_km is None or self.previous_mileage_km is None:
            return None
        return round(self.mileage_km - self.previous_mileage_km, 1)


@dataclass
class Page:
    """A page of rows, and the keys of the pages around it (None: there is none)."""

    rows: list[HistoryRow]
    next: Cursor | None
    previous: Cursor | None


def _previous_mileage():
    """The mileage at the start of the scooter's previous repair that has one."""
    earlier = aliased(Repair)
    return (
        select(earlier.mileage_km_at_start)
        .where(
            earlier.vehicle_id == Repair.vehicle_id,
            earlier.mileage_km_at_start.is_not(None),
            earlier.started_at <= Repair.started_at,
            or_(
                earlier.started_at < Repair.started_at,
                and_(earlier.started_at == Repair.started_at, earlier.id < Repair.id),
            ),
        )
        .order_by(earlier.started_at.desc(), earlier.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _base_query(filters: HistoryFilters):
    query = (
        select(
            Repair.id,
            Repair.repair_id,
            Repair.started_at,
            Repair.finished_at,
            Repair.status,
            Repair.vehicle_id,
            Vehicle.number,
            Repair.performer_id,
            User.name.label("performer_name"),
            Repair.place_id,
            Place.name.label("place_name"),
            Place.timezone,
            Repair.mileage_km_at_start.label("mileage_km"),
            _previous_mileage().label("previous_mileage_km"),
            Repair.comment,
            Repair.mission_id,
        )
        .join(User, User.performer_id == Repair.performer_id)
        .join(Place, Place.place_id == Repair.place_id)
        .outerjoin(Vehicle, Vehicle.vehicle_id == Repair.vehicle_id)
    )
    if filters.period is not None:
        bounds = period_table(filters.period, zones_of(filters.place_id or None))
        query = query.join(
            bounds,
            and_(
                bounds.c.tz == Place.timezone,
                Repair.started_at >= bounds.c.starts_at,
                Repair.started_at < bounds.c.ends_at,
            ),
        )
    for column, wanted in (
        (Repair.place_id, filters.place_id),
        (Repair.performer_id, filters.performer_id),
        (Repair.status, filters.status),
        (Repair.vehicle_id, filters.vehicle_id),
    ):
        if wanted:
            query = query.where(column == wanted)
    if filters.kind:
        field = Repair.mission_id.is_not(None)
        query = query.where(field if filters.kind == "field" else ~field)
    if filters.scooter:
        # The scooter typed as its id or its plate: the plate's ids are looked up first (an
        # OR across the join to vehicles could only be checked row by row, reading every repair).
        by_plate = select(Vehicle.vehicle_id).where(Vehicle.number == filters.scooter)
        as_typed = select(literal(filters.scooter, String))
        query = query.where(Repair.vehicle_id.in_(union(by_plate, as_typed)))
    if filters.job_type:
        query = query.where(
            exists().where(Job.repair_pk == Repair.id, Job.type == filters.job_type)
        )
    return query


def _rows(query) -> list[HistoryRow]:
    rows = [HistoryRow(**row._asdict()) for row in db.session.execute(query)]
    _attach_jobs(rows)
    return rows


def _attach_jobs(rows: list[HistoryRow]) -> None:
    """Load the jobs of these repairs in one query."""
    lines = select(
        Job.repair_pk,
        Job.type,
        JobType.name_ru,
        JobType.name_en,
        Job.status,
        Job.started_at,
        Job.finished_at,
        Job.comment,
    ).join(JobType, JobType.code == Job.type)
    jobs = jobs_by_repair([row.id for row in rows], lines)
    for row in rows:
        row.jobs = [JobLine(*line) for line in jobs[row.id]]


def fetch_page(
    filters: HistoryFilters,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """The page of repairs after `after` (or before `before`; else the first), newest first."""
    history_session()
    query = _base_query(filters)
    if before is not None:
        query = query.where(newer_than(before, Repair.started_at, Repair.id))
        query = query.order_by(Repair.started_at, Repair.id).limit(size + 1)
        rows = _rows(query)
        more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        return Page(rows, _key(rows, -1), _key(rows, 0) if more_before else None)
    if after is not None:
        query = query.where(older_than(after, Repair.started_at, Repair.id))
    query = query.order_by(Repair.started_at.desc(), Repair.id.desc()).limit(size + 1)
    rows = _rows(query)
    more_after = len(rows) > size
    rows = rows[:size]
    return Page(rows, _key(rows, -1) if more_after else None, _key(rows, 0) if after else None)


def _key(rows: list[HistoryRow], index: int) -> Cursor | None:
    return rows[index].cursor if rows else None


def iter_rows(filters: HistoryFilters, batch: int = 500) -> Iterator[HistoryRow]:
    """Every matching repair, newest first, read in keyset batches (for CSV exports)."""
    after = None
    while True:
        page = fetch_page(filters, after=after, size=batch)
        yield from page.rows
        if page.next is None:
            return
        after = page.next
