"""Reading the control audit log for managers: filters, keyset pages, and every row for CSV.

Pages are keyed on (requested_at, id), newest first, the order of the requested_at index, so
page 500 costs what page 1 costs. The cursor (app.web.cursors) names the last entry shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, or_, select

from app.control import abandoned
from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.models import ControlCommand, Place, Repair, Shift, User, Vehicle
from app.web.cursors import Cursor, older_than

PAGE_SIZE = 50
EXPORT_BATCH = 500


@dataclass(frozen=True)
class AuditFilter:
    """What the manager asked for; empty fields do not filter."""

    scooter: str | None = None  # a vehicle id or a painted number
    performer_id: str | None = None
    action: str | None = None
    outcome: str | None = None
    first: date | None = None  # local dates of each entry's warehouse, both included
    last: date | None = None


@dataclass(frozen=True)
class AuditRow:
    """An entry with the names a person reads: the scooter's number, the performer's name."""

    entry: ControlCommand
    performer_name: str
    number: str | None
    timezone: str = DEFAULT_TIMEZONE  # the warehouse's, as history shows the same repair


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_cursor: Cursor | None  # None on the last page


def day_range(first: date | None, last: date | None, zone: tzinfo) -> tuple[Any, Any]:
    """Whole local days `first`..`last` (inclusive) as a UTC [since, until) pair."""
    since = datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC) if first else None
    until = (
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
        if last
        else None
    )
    return since, until


def _in_days(query: Select, filters: AuditFilter, zone_of_entry) -> Select:
    """Keep the entries requested on the dates asked for, each in its warehouse's local days.

    The widest UTC bounds over every zone go to the requested_at index first; then each entry
    is checked against its own zone's bounds (as history places a repair by its warehouse)."""
    if filters.first is None and filters.last is None:
        return query
    zones = {DEFAULT_TIMEZONE, *db.session.scalars(select(Place.timezone).distinct())}
    bounds = {z: day_range(filters.first, filters.last, ZoneInfo(z)) for z in sorted(zones)}
    requested = ControlCommand.requested_at
    exact = []
    for zone, (since, until) in bounds.items():
        checks = [zone_of_entry == zone]
        checks += [requested >= since] if since else []
        checks += [requested < until] if until else []
        exact.append(and_(*checks))
    sinces = [since for since, _ in bounds.values() if since]
    untils = [until for _, until in bounds.values() if until]
    if sinces:
        query = query.where(requested >= min(sinces))
    if untils:
        query = query.where(requested < max(untils))
    return query.where(or_(*exact))


def vehicle_ids_for(scooter: str) -> list[str]:
    """The vehicle ids a manager may mean: the text itself, and ids known to carry it as number."""
    by_number = db.session.scalars(select(Vehicle.vehicle_id).where(Vehicle.number == scooter))
    return sorted({scooter, *by_number})


def _warehouse_zone():
    """The zone of the warehouse a command was sent from: its repair's, else that of the
    performer's latest shift started by then, else Moscow (one rule with history's times)."""
    entry = ControlCommand
    repair_zone = (
        select(Place.timezone)
        .join(Repair, Repair.place_id == Place.place_id)
        .where(Repair.repair_id == entry.repair_id)
        .limit(1)
        .scalar_subquery()
    )
    shift_zone = (
        select(Place.timezone)
        .join(Shift, Shift.place_id == Place.place_id)
        .where(Shift.performer_id == entry.performer_id, Shift.started_at <= entry.requested_at)
        .order_by(Shift.started_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(repair_zone, shift_zone, DEFAULT_TIMEZONE)


def _query(filters: AuditFilter) -> Select:
    entry = ControlCommand
    query = (
        select(entry, User.name, Vehicle.number, _warehouse_zone())
        .join(User, User.performer_id == entry.performer_id)
        .outerjoin(Vehicle, Vehicle.vehicle_id == entry.vehicle_id)
    )
    if filters.scooter:
        query = query.where(entry.vehicle_id.in_(vehicle_ids_for(filters.scooter)))
    if filters.performer_id:
        query = query.where(entry.performer_id == filters.performer_id)
    if filters.action:
        query = query.where(entry.action == filters.action)
    if filters.outcome:
        query = query.where(entry.outcome == filters.outcome)
    query = _in_days(query, filters, _warehouse_zone())
    return query.order_by(entry.requested_at.desc(), entry.id.desc())


def _after(query: Select, cursor: Cursor | None) -> Select:
    if cursor is None:
        return query
    return query.where(older_than(cursor, ControlCommand.requested_at, ControlCommand.id))


def audit_page(
    filters: AuditFilter, after: Cursor | None = None, size: int = PAGE_SIZE
) -> AuditPage:
    """One page of entries, newest first, starting after `after` (abandoned ones settled)."""
    abandoned.settle_abandoned()
    result = db.session.execute(_after(_query(filters), after).limit(size + 1)).all()
    rows = [AuditRow(*columns) for columns in result[:size]]
    more = len(result) > size
    last = rows[-1].entry if rows and more else None
    return AuditPage(rows, Cursor(last.requested_at, last.id) if last else None)


def all_rows(filters: AuditFilter, batch: int = EXPORT_BATCH) -> Iterator[AuditRow]:
    """Every matching entry, newest first, read in keyset batches (for streaming exports)."""
    cursor = None
    while True:
        page = audit_page(filters, cursor, batch)
        yield from page.rows  # the session holds rows weakly: a long export does not pile up
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
