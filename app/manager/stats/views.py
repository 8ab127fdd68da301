"""The statistics page (from a precomputed report, see cache.py), its "refresh now", and
its repairers as CSV."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.clock import utcnow
from app.csv_excel import csv_response
from app.i18n import DEFAULT_TIMEZONE, local_time
from app.manager import bp
from app.manager.choices import place_zone, places
from app.manager.filters import StatsFilters, stats_filters
from app.manager.sql import statistics_session
from app.manager.stats import cache as stats_cache
from app.manager.stats.downtime import STAGE_LABELS
from app.manager.stats.export import repairer_line, repairers_header
from app.manager.stats.people import repairers
from app.manager.stats.scope import Scope


def _filters(args) -> tuple[StatsFilters, str]:
    zone = place_zone(args.get("place", "")) or DEFAULT_TIMEZONE
    return stats_filters(args, zone), zone


def _choices() -> SimpleNamespace:
    """The warehouses of the filter form (the page names no people: no list of users)."""
    return SimpleNamespace(places=places())


def _as_of(moment: datetime | None, zone: str) -> str | None:
    """When the report was computed: "14:05" today, "25.11.2026 14:05" before, local time."""
    if moment is None:
        return None
    today = utcnow().astimezone(ZoneInfo(zone)).date()
    same_day = moment.astimezone(ZoneInfo(zone)).date() == today
    return local_time(moment, "HH:mm" if same_day else "dd.MM.yyyy HH:mm", tz=zone)


@bp.get("/stats")
def stats():
    """Statistics for a period (the last 30 days unless chosen) and a warehouse or all."""
    filters, zone = _filters(request.args)
    for problem in filters.problems:
        flash(problem, "warning")
    shown = stats_cache.shown(filters)
    report = shown.report
    page = render_template(
        "manager/stats.html",
        filters=filters,
        report=report,
        charts=report.charts() if report else {},
        way_stages=STAGE_LABELS,
        choices=_choices(),
        as_of=_as_of(shown.computed_at, zone),
        refreshing=shown.refreshing,
        failed=shown.failed,
    )
    if shown.failed:
        return page, 503  # the computation failed; the page says so and when to try again
    return page, 200 if report else 202  # 202 Accepted: the report is still being prepared


@bp.post("/stats/refresh")
def stats_refresh():
    """Recompute the report now (waiting a moment for it), then show the page again."""
    filters, _zone = _filters(request.form)
    if not stats_cache.refresh_now(filters):
        flash(_("The report is already being recomputed; it will be here shortly."), "info")
    return redirect(url_for("manager.stats", **filters.query_args()), code=303)


@bp.get("/stats/repairers.csv")
def stats_repairers_csv():
    """Every repairer's statistics for the page's period and warehouse, busiest first."""
    filters, _zone = _filters(request.args)
    statistics_session()
    rows = repairers(Scope.of(filters))
    period = filters.period
    name = f"repairers-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    if filters.place_id:
        name += "-" + "".join(c for c in filters.place_id if c.isalnum() or c in "-_")[:40]
    return csv_response(name + ".csv", repairers_header(), map(repairer_line, rows))
