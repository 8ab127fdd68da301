"""The audit log as CSV: UTF-8 with a BOM (Excel then reads Russian text right), streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.admin.audit_log import AuditFilter, AuditRow, all_rows
from app.clock import utcnow
from app.csv_excel import BOM  # noqa: F401  (re-exported for tests)
from app.web.formatting import action_label, outcome_label


def csv_filename() -> str:
    """audit-20261126-0915.csv (UTC)."""
    return utcnow().strftime("audit-%Y%m%d-%H%M.csv")


def _header(zone: ZoneInfo) -> list[str]:
    return [
        _("Entry"),
        _("Requested (%(zone)s)", zone=zone.key),
        _("Finished (%(zone)s)", zone=zone.key),
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
    ]


def _local(moment, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def csv_row(row: AuditRow, zone: ZoneInfo) -> list:
    """One entry as CSV cells, in _header's order (csv_response guards every cell)."""
    entry = row.entry
    answer = json.dumps(entry.result, ensure_ascii=False, sort_keys=True) if entry.result else ""
    return [
        entry.id,
        _local(entry.requested_at, zone),
        _local(entry.finished_at, zone),
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
    ]


def csv_header(zone: ZoneInfo) -> list[str]:
    """The column names, in the user's language, naming the time zone of the times."""
    return _header(zone)


def csv_rows(filters: AuditFilter, zone: ZoneInfo) -> Iterator[list]:
    """Every entry the filters select, newest first, as CSV cells."""
    for row in all_rows(filters):
        yield csv_row(row, zone)
