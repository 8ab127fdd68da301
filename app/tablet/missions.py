"""A field performer's mission on the tablet or phone: its points in order, a repair at each."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import InvalidRequest, ServiceError
from app.repairs import missions
from app.repairs.services import RepairRequest, start_repair
from app.tablet import bp
from app.tablet.access import tablet_page
from app.tablet.screen import valid_token
from app.web.htmx import navigate
from app.web.messages import message_for


@bp.post("/missions/<mission_id>/points/<int:position>/start")
@tablet_page
def start_at_point(mission_id: str, position: int):
    """Start the repair at a point of the performer's mission: the same repair screen follows."""
    repair_id = request.form.get("repair_id", "")
    try:
        if not valid_token(repair_id):
            raise InvalidRequest("repair_id is required.")
        mission = missions.get_mission(mission_id)
        point = next((p for p in mission.points if p.position == position), None)
        if point is None:
            raise InvalidRequest("No such point.")
        wanted = RepairRequest(
            repair_id, current_user.performer_id, point.vehicle_id, None, mission_id=mission_id
        )
        repair, _created = start_repair(wanted)
    except ServiceError as error:
        if error.code == "performer_busy":
            flash(_("You already have a repair in progress: here it is."), "warning")
            return navigate(url_for(".repair", repair_id=error.extra["repair_id"]))
        flash(message_for(error), "error")
        return navigate(url_for(".index"))
    return navigate(url_for(".repair", repair_id=repair.repair_id))


@bp.post("/missions/<mission_id>/confirm")
@tablet_page
def confirm(mission_id: str):
    """Confirm the mission once every point has ended."""
    try:
        mission = missions.get_mission(mission_id)
        if mission.performer_id != current_user.performer_id:
            raise ServiceError("Not your mission.", code="not_your_mission")
        missions.confirm_mission(mission_id)
    except ServiceError as error:
        flash(message_for(error), "error")
        return navigate(url_for(".index"))
    flash(_("Mission confirmed. Thank you!"), "info")
    return navigate(url_for(".index"))
