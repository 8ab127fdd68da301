"""History as CSV, in the one Excel-friendly format of app/csv_excel.

Numbers carry the decimal mark of the page's language (a comma in Russian), no thousands
separator; times are local to the repair's warehouse, "YYYY-MM-DD HH:MM". Rows come in keyset
batches, so a year of history never sits in memory. Cells are guarded against formulas by
csv_response, not here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.i18n import current_language
from app.manager.history.queries import HistoryRow
from app.web.formatting import plain_number, status_label


def local_stamp(moment: datetime | None, zone: str) -> str:
    """A time in the warehouse's zone, as Excel reads it."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def history_header() -> list[str]:
    """The column names of a history export, in the user's language."""
    return [
        _("Repair ID"),
        _("Started"),
        _("Finished"),
        _("Scooter"),
        _("Vehicle ID"),
        _("Repairer"),
        _("Warehouse"),
        _("Status"),
        _("Duration, min"),
        _("Mileage at start, km"),
        _("Km since previous repair"),
        _("Jobs"),
        _("Comment"),
        _("Field mission"),
    ]


def history_line(row: HistoryRow) -> list:
    """One repair as a CSV row."""
    lang = current_language()
    minutes = None if row.duration_seconds is None else row.duration_seconds / 60
    jobs = "; ".join(f"{job.name(lang)} ({status_label(job.status).lower()})" for job in row.jobs)
    return [
        row.repair_id,
        local_stamp(row.started_at, row.timezone),
        local_stamp(row.finished_at, row.timezone),
        row.number,
        row.vehicle_id,
        row.performer_name,
        row.place_name,
        status_label(row.status),
        plain_number(minutes, 1),
        plain_number(row.mileage_km, 1),
        plain_number(row.km_since_previous, 1),
        jobs,
        row.comment,
        row.mission_id,
    ]
