"""The statistics page."""

from __future__ import annotations

from flask import flash, render_template, request

from app.i18n import DEFAULT_TIMEZONE
from app.manager import bp
from app.manager.choices import filter_choices, place_zone
from app.manager.filters import stats_filters
from app.manager.stats_report import stats_report


@bp.get("/stats")
def stats():
    """Statistics for a period (the last 30 days unless chosen) and a warehouse or all."""
    zone = place_zone(request.args.get("place", "")) or DEFAULT_TIMEZONE
    filters = stats_filters(request.args, zone)
    for problem in filters.problems:
        flash(problem, "warning")
    report = stats_report(filters)
    return render_template(
        "manager/stats.html", report=report, charts=report.charts(), choices=filter_choices()
    )
