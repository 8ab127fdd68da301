"""The statistics page, and its repairers as CSV."""

from __future__ import annotations

from types import SimpleNamespace

from flask import flash, render_template, request
from sqlalchemy import select

from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.manager import bp
from app.manager.choices import place_zone
from app.manager.csv_export import csv_response, repairer_line, repairers_header
from app.manager.filters import StatsFilters, stats_filters
from app.manager.sql import statistics_session
from app.manager.stats_people import repairers
from app.manager.stats_report import stats_report
from app.manager.stats_scope import Scope
from app.models import Place


def _filters() -> StatsFilters:
    zone = place_zone(request.args.get("place", "")) or DEFAULT_TIMEZONE
    return stats_filters(request.args, zone)


def _choices() -> SimpleNamespace:
    """The warehouses of the filter form (the page names no people: no list of users)."""
    return SimpleNamespace(places=list(db.session.scalars(select(Place).order_by(Place.name))))


@bp.get("/stats")
def stats():
    """Statistics for a period (the last 30 days unless chosen) and a warehouse or all."""
    filters = _filters()
    for problem in filters.problems:
        flash(problem, "warning")
    report = stats_report(filters)
    return render_template(
        "manager/stats.html", report=report, charts=report.charts(), choices=_choices()
    )


@bp.get("/stats/repairers.csv")
def stats_repairers_csv():
    """Every repairer's statistics for the page's period and warehouse, busiest first."""
    filters = _filters()
    statistics_session()
    rows = repairers(Scope.of(filters))
    period = filters.period
    name = f"repairers-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    if filters.place_id:
        name += "-" + "".join(c for c in filters.place_id if c.isalnum() or c in "-_")[:40]
    return csv_response(name + ".csv", repairers_header(), map(repairer_line, rows))
