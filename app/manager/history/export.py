"""History as CSV, in the one Excel-friendly format of app/csv_excel.

Numbers carry the decimal mark of the page's language (a comma in Russian), no thousands
separator; times are local to the repair's warehouse, "YYYY-MM-DD HH:MM". Rows come in keyset
batches, so a year of history never sits in memory. Cells are guarded against formulas by
csv_response, not here.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_language
from app.manager.filters import HistoryFilters
from app.manager.history.queries import HistoryRow
from app.models import Place
from app.web.formatting import csv_moment, plain_number, status_label, zone_note


def only_zone(filters: HistoryFilters) -> str | None:
    """The one zone every row's times are in (the chosen warehouse's, or the zone all
    warehouses share), else None: each row then names its own."""
    query = select(Place.timezone).distinct()
    if filters.place_id:
        query = query.where(Place.place_id == filters.place_id)
    zones = set(db.session.scalars(query))
    return zones.pop() if len(zones) == 1 else None


def history_header(filters: HistoryFilters) -> list[str]:
    """The column names of a history export, in the user's language, naming the time zone."""
    zone = zone_note(only_zone(filters))
    return [
        _("Repair ID"),
        _("Repair started (%(zone)s)", zone=zone),
        _("Repair finished (%(zone)s)", zone=zone),
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
        _("Time zone"),
    ]


def history_line(row: HistoryRow) -> list:
    """One repair as a CSV row."""
    lang = current_language()
    minutes = None if row.duration_seconds is None else row.duration_seconds / 60
    jobs = "; ".join(f"{job.name(lang)} ({status_label(job.status).lower()})" for job in row.jobs)
    return [
        row.repair_id,
        csv_moment(row.started_at, row.timezone),
        csv_moment(row.finished_at, row.timezone),
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
        row.timezone,
    ]
