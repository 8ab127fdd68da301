"""The manager's home: open repairs, the week in numbers, and the way to every page."""

from __future__ import annotations

from flask import render_template

from app.manager import bp
from app.manager.open_repairs.queries import open_counts, open_repairs
from app.manager.periods import Period
from app.manager.sql import statistics_session
from app.manager.stats.repairs import repair_durations, status_counts
from app.manager.stats.scope import Scope

DASHBOARD_DAYS = 7


@bp.get("/")
def index():
    """Open repairs now, the last seven days in a few numbers, and the way to every page."""
    statistics_session()
    week = Scope(Period.ending_today(DASHBOARD_DAYS))
    repairs_now, on_shift = open_counts()
    return render_template(
        "manager/index.html",
        repairs=open_repairs(limit=10),
        repairs_now=repairs_now,
        on_shift=on_shift,
        counts=status_counts(week),
        durations=repair_durations(week),
    )
