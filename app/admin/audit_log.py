"""Reading the control audit log for managers: filters, keyset pages, and every row for CSV.

Pages are keyed on (requested_at, id), newest first, the order of the requested_at index, so
page 500 costs what page 1 costs. The cursor (app.web.cursors) names the last entry shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select, select

from app.control import abandoned
from app.extensions import db
from app.models import ControlCommand, User, Vehicle
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
    since: datetime | None = None  # inclusive, aware UTC
    until: datetime | None = None  # exclusive, aware UTC


@dataclass(frozen=True)
class AuditRow:
    """An entry with the names a person reads: the scooter's number, the performer's name."""

    entry: ControlCommand
    performer_name: str
    number: str | None


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


def vehicle_ids_for(scooter: str) -> list[str]:
    """The vehicle ids a manager may mean: the text itself, and ids known to carry it as number."""
    by_number = db.session.scalars(select(Vehicle.vehicle_id).where(Vehicle.number == scooter))
    return sorted({scooter, *by_number})


def _query(filters: AuditFilter) -> Select:
    entry = ControlCommand
    query = (
        select(entry, User.name, Vehicle.number)
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
    if filters.since:
        query = query.where(entry.requested_at >= filters.since)
    if filters.until:
        query = query.where(entry.requested_at < filters.until)
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
    rows = [AuditRow(entry, name, number) for entry, name, number in result[:size]]
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
