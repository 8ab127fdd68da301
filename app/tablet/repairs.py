"""Starting a repair from the card, the repair screen, and finishing the repair."""

from __future__ import annotations

from flask import flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Forbidden, InvalidRequest, NotFound, ServiceError
from app.models import TERMINAL_STATUSES
from app.references import is_reference
from app.repairs import lookup
from app.repairs.services import RepairRequest, finish_repair, start_repair
from app.tablet import bp
from app.tablet.access import own_repair, tablet_page
from app.tablet.end_reasons import end_by_reason
from app.tablet.plates import as_plate
from app.tablet.resolution import resolution_question, resolve_answered
from app.tablet.screen import PARTS, repair_context, valid_token
from app.web.htmx import back_with_error, fragment, htmx_target, navigate
from app.web.messages import message_for


def _busy_message(error: ServiceError) -> str:
    """Say whose repair holds the scooter, by name."""
    other = lookup.find_repair(error.extra.get("repair_id", ""))
    if other is None:
        return message_for(error)
    return _("This scooter is already being repaired by %(name)s.", name=other.performer.name)


@bp.post("/repairs")
@tablet_page
def start():
    """Start a repair of the card's scooter; a repeated token is the same repair."""
    repair_id = request.form.get("repair_id", "")
    vehicle_id = request.form.get("vehicle_id", "").strip()
    if not is_reference(vehicle_id):
        vehicle_id = ""  # never echoed back as sent: refused below as missing
    number = as_plate(request.form.get("number")) or ""  # bounded: never echoed as sent
    card_url = url_for(".scooter", number=number) if number else url_for(".index")
    try:
        if not valid_token(repair_id) or not vehicle_id:
            raise InvalidRequest("repair_id and vehicle_id are required.")
        wanted = RepairRequest(repair_id, current_user.performer_id, vehicle_id, g.place.place_id)
        repair, _created = start_repair(wanted)
    except ServiceError as error:
        if error.code == "performer_busy":
            flash(_("You already have a repair in progress: here it is."), "warning")
            return navigate(url_for(".repair", repair_id=error.extra["repair_id"]))
        message = _busy_message(error) if error.code == "vehicle_busy" else message_for(error)
        if htmx_target() != "start-repair":
            flash(message, "error")
            return navigate(card_url)
        context = {"vehicle_id": vehicle_id, "number": number, "repair_token": repair_id}
        return fragment("tablet/_start.html", status=error.status, error=message, **context)
    return navigate(url_for(".repair", repair_id=repair.repair_id))


@bp.get("/repairs/<repair_id>")
@tablet_page
def repair(repair_id: str):
    """The repair screen, or one of its widgets when htmx asks for it by id."""
    try:
        repair = own_repair(repair_id)
    except (NotFound, Forbidden) as error:
        page = render_template("tablet/problem.html", error=error, message=message_for(error))
        return page, error.status
    part = PARTS.get(htmx_target() or "")
    template = part if part and repair.is_active else "tablet/repair.html"
    return render_template(template, **repair_context(repair))


@bp.post("/repairs/<repair_id>/finish")
@tablet_page
def finish(repair_id: str):
    """Finish as completed, or end as failed or cancelled with an optional comment; a tapped
    common reason (`reason`) says both how it ends and why."""
    status = request.form.get("status", "")
    comment = request.form.get("comment", "").strip()[:2000] or None
    reason = request.form.get("reason")
    try:
        repair = own_repair(repair_id)
        if reason is not None:
            status, comment = end_by_reason(reason, comment)
        if status not in TERMINAL_STATUSES:
            raise InvalidRequest("Unknown status.")
        question = resolution_question(repair, status, request.form)
        if question:
            context = repair_context(repair, complaint_question=question)
            if htmx_target() == "finish":
                return fragment("tablet/_finish.html", **context)
            return render_template("tablet/repair.html", **context)
        finish_repair(repair_id, status, comment)
        resolve_answered(repair, status, request.form)
    except (NotFound, Forbidden):
        return navigate(url_for(".repair", repair_id=repair_id))
    except ServiceError as error:
        if htmx_target() != "finish":
            return back_with_error(error, url_for(".repair", repair_id=repair_id))
        context = repair_context(repair, error=message_for(error))
        return fragment("tablet/_finish.html", status=error.status, **context)
    return navigate(url_for(".repair", repair_id=repair_id))
