"""One scooter's page: what we know of it and its repairs, newest first; exportable as CSV.

Repairers open it too, from the tablet (manager.ANY_USER_ENDPOINTS).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.csv_excel import csv_response
from app.manager import bp
from app.manager.filters import HistoryFilters
from app.manager.history.export import history_header, history_line
from app.manager.history.queries import iter_rows
from app.manager.history.views import page_with_links
from app.manager.scooter.summary import known_vehicle_id, scooter_summary
from app.stages.timeline import timeline
from app.web.formatting import scooter_number


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
        way=timeline(vehicle_id),
        filters=filters,
        **page_with_links(filters, vehicle_id=vehicle_id),
    )


@bp.get("/scooters/<vehicle_id>/repairs.csv")
def scooter_csv(vehicle_id: str):
    """One scooter's repairs as CSV."""
    filters = HistoryFilters().for_vehicle(vehicle_id)
    # Named by the plate painted on the scooter, which people search for, not Drive's id.
    plate = scooter_number(vehicle_id)
    safe = "".join(ch for ch in plate if ch.isalnum() or ch in "-_")[:40] or "unknown"
    return csv_response(
        f"scooter-{safe}.csv", history_header(filters), map(history_line, iter_rows(filters))
    )
