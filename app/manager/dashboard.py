"""The manager's home (open repairs and the week in numbers) and the open-repairs page."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import ServiceError
from app.manager import bp
from app.manager.open_repairs import end_forgotten_repair, open_counts, open_repairs
from app.manager.periods import Period
from app.manager.sql import statistics_session
from app.manager.stats_repairs import repair_durations, status_counts
from app.manager.stats_scope import Scope

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


@bp.get("/open-repairs", endpoint="open_repairs")
def open_repairs_page():
    """Every repair performing now, oldest first, each with a form to end it."""
    return render_template("manager/open_repairs.html", repairs=open_repairs())


@bp.post("/open-repairs/<repair_id>/end")
def end_repair(repair_id: str):
    """End a forgotten repair as failed or cancelled, with a comment."""
    form = request.form
    try:
        repair = end_forgotten_repair(repair_id, form.get("status", ""), form.get("comment", ""))
    except ServiceError as error:
        return _refused(repair_id, error)
    message = _(
        "Repair of %(who)s ended; the repairer and the scooter are free.", who=repair.performer.name
    )
    if request.headers.get("HX-Request"):
        return _list_fragment(notice=message)
    flash(message, "info")
    return redirect(url_for("manager.open_repairs"), 303)


def _list_fragment(status: int = 200, **messages):
    """The open-repairs list alone, for htmx to swap in place (with a notice or an error)."""
    page = render_template("manager/_open_repairs.html", repairs=open_repairs(), **messages)
    response = make_response(page, status)
    response.vary.add("HX-Request")
    if status >= 400:
        response.headers["HX-Error-Fragment"] = "1"  # app.js swaps these in too
    return response


def _refused(repair_id: str, error: ServiceError):
    """Say why a repair could not be ended, next to it (htmx) or at the top of the page."""
    if error.code == "not_found":
        message = _("This repair no longer exists.")
    elif error.code == "already_finished":
        message = _("This repair has already been ended by someone else.")
    else:
        message = error.message
    if request.headers.get("HX-Request"):
        return _list_fragment(error.status, error=message, failed_id=repair_id)
    flash(message, "error")
    return redirect(url_for("manager.open_repairs"), 303)
