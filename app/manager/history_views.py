"""History pages: all repairs with filters, one scooter's repairs; each exportable as CSV."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.clock import utcnow
from app.manager import bp
from app.manager.choices import filter_choices, people_like
from app.manager.csv_export import csv_response, history_header, history_line
from app.manager.filters import HistoryFilters, history_filters
from app.manager.history_queries import Cursor, fetch_page, iter_rows
from app.manager.scooter import known_vehicle_id, scooter_summary


def _page(filters: HistoryFilters, **view_args) -> dict:
    """The page asked for, and the links to the pages around it."""
    args = request.args
    page = fetch_page(filters, Cursor.decode(args.get("after")), Cursor.decode(args.get("before")))

    def link(**cursor) -> str:
        return url_for(request.endpoint, **view_args, **filters.query_args(**cursor))

    pager = {
        "newest": link(),
        "newer": link(before=page.previous.encode()) if page.previous else None,
        "older": link(after=page.next.encode()) if page.next else None,
    }
    return {"page": page, "pager": pager}


@bp.get("/history")
def history():
    """Repairs, newest first, filtered by date, warehouse, repairer, job type, status, scooter."""
    filters = history_filters(request.args)
    for problem in filters.problems:
        flash(problem, "warning")
    choices = filter_choices(filters.performer_id)
    return render_template(
        "manager/history.html", filters=filters, choices=choices, **_page(filters)
    )


@bp.get("/people")
def people():
    """Suggestions for the repairer filter (htmx): <option>s of the people matching the text."""
    found = people_like(request.args.get("performer", ""))
    return render_template("manager/_people_options.html", people=found)


@bp.get("/history.csv")
def history_csv():
    """The filtered history, every page of it, as CSV."""
    filters = history_filters(request.args)
    name = f"repairs-{utcnow():%Y%m%d-%H%M}.csv"
    return csv_response(name, history_header(), map(history_line, iter_rows(filters)))


@bp.get("/scooters")
def find_scooter():
    """Open a scooter's history by its plate number or vehicle id."""
    typed = (request.args.get("q") or "").strip()
    vehicle_id = known_vehicle_id(typed) if typed else None
    if vehicle_id is None:
        flash(_("No scooter %(q)s in our records.", q=typed), "warning")
        return redirect(url_for("manager.index" if current_user.is_manager else "auth.index"))
    return redirect(url_for("manager.scooter", vehicle_id=vehicle_id))


@bp.get("/scooters/<vehicle_id>")
def scooter(vehicle_id: str):
    """Every repair of one scooter, with its jobs and the km between repairs."""
    filters = HistoryFilters().for_vehicle(vehicle_id)
    return render_template(
        "manager/scooter.html",
        scooter=scooter_summary(vehicle_id),
        filters=filters,
        **_page(filters, vehicle_id=vehicle_id),
    )


@bp.get("/scooters/<vehicle_id>/repairs.csv")
def scooter_csv(vehicle_id: str):
    """One scooter's repairs as CSV."""
    filters = HistoryFilters().for_vehicle(vehicle_id)
    safe = "".join(ch for ch in vehicle_id if ch.isalnum() or ch in "-_")[:40]
    return csv_response(
        f"scooter-{safe}.csv", history_header(), map(history_line, iter_rows(filters))
    )
