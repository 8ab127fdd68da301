"""The audit log as CSV: UTF-8 with a BOM (Excel then reads Russian text right), streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select

from app.admin.audit_log import AuditFilter, AuditRow, all_rows
from app.clock import utcnow
from app.csv_excel import BOM  # noqa: F401  (re-exported for tests)
from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.models import Place
from app.web.formatting import action_label, csv_moment, outcome_label, zone_note


def csv_filename() -> str:
    """audit-20261126-0915.csv (UTC)."""
    return utcnow().strftime("audit-%Y%m%d-%H%M.csv")


def only_zone() -> str | None:
    """The one zone every entry's time is in, when all warehouses share Moscow's (the zone of
    a command sent outside any warehouse), else None."""
    zones = set(db.session.scalars(select(Place.timezone).distinct())) | {DEFAULT_TIMEZONE}
    return zones.pop() if len(zones) == 1 else None


def _header(zone: str | None) -> list[str]:
    return [
        _("Entry"),
        _("Requested (%(zone)s)", zone=zone_note(zone)),
        _("Finished (%(zone)s)", zone=zone_note(zone)),
        _("Scooter number"),
        _("Vehicle ID"),
        _("Performer ID"),
        _("Performer"),
        _("Command"),
        _("Outcome"),
        _("Error"),
        _("Drive's detail"),
        _("Drive's answer"),
        _("Repair"),
        _("Channel"),
        _("Time zone"),
    ]


def csv_row(row: AuditRow) -> list:
    """One entry as CSV cells, in _header's order (csv_response guards every cell)."""
    entry = row.entry
    answer = json.dumps(entry.result, ensure_ascii=False, sort_keys=True) if entry.result else ""
    return [
        entry.id,
        csv_moment(entry.requested_at, row.timezone, seconds=True),
        csv_moment(entry.finished_at, row.timezone, seconds=True),
        row.number,
        entry.vehicle_id,
        entry.performer_id,
        row.performer_name,
        action_label(entry.action),
        outcome_label(entry.outcome),
        entry.error,
        entry.detail,
        answer,
        entry.repair_id,
        entry.channel,
        row.timezone,
    ]


def csv_header() -> list[str]:
    """The column names, in the user's language, naming the time zone of the times."""
    return _header(only_zone())


def csv_rows(filters: AuditFilter) -> Iterator[list]:
    """Every entry the filters select, newest first, as CSV cells (times in the warehouse's
    local time, as history shows them)."""
    for row in all_rows(filters):
        yield csv_row(row)
