"""Complaints and the scooter's way on the tablet: the complaints panel (card and repair
screen), filing another fault, linking a job to a complaint, scan-in, release, leaving
unrepaired."""

from __future__ import annotations

from flask import g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.complaints import records
from app.errors import Forbidden, InvalidRequest, NotFound, ServiceError
from app.references import is_reference
from app.repairs import lookup
from app.scooters import vehicles
from app.stages.events import StageRequest, record_stage
from app.stages.release import release
from app.tablet import bp
from app.tablet.access import own_repair, tablet_page
from app.tablet.complaint_panel import LINKS_CHANGED, complaints_context, way_context
from app.tablet.screen import valid_token
from app.vocabulary import ComplaintSource, Stage
from app.web.htmx import back_with_error, fragment, is_htmx, navigate
from app.web.messages import message_for


def _back(vehicle_id: str) -> str:
    number = vehicles.known_number(vehicle_id)
    return url_for(".scooter", number=number) if number else url_for(".index")


@bp.get("/scooter-id/<vehicle_id>/complaints")
@tablet_page
def complaints_panel(vehicle_id: str):
    """The complaints panel alone (htmx: after Drive's tags were imported)."""
    repair = lookup.performing_repair_of(vehicle_id=vehicle_id)
    own = repair if repair and repair.performer_id == current_user.performer_id else None
    return fragment("tablet/_complaints.html", **complaints_context(vehicle_id, own))


@bp.post("/scooter-id/<vehicle_id>/complaints")
@tablet_page
def file_complaint_view(vehicle_id: str):
    """A repairer files another fault they found."""
    text = request.form.get("text", "").strip()[:2000]
    token = request.form.get("complaint_id", "")
    try:
        if not is_reference(vehicle_id) or not valid_token(token) or not text:
            raise InvalidRequest(_l("Describe the fault first."))
        by = current_user.name
        req = records.ComplaintRequest(token, vehicle_id, ComplaintSource.REPAIRER, text, by)
        records.file_complaint(req)
    except ServiceError as error:
        return _panel_answer(vehicle_id, error)
    return _panel_answer(vehicle_id)


@bp.post("/repairs/<repair_id>/complaints/<complaint_id>/jobs/<job_id>")
@tablet_page
def link_job_view(repair_id: str, complaint_id: str, job_id: str):
    """One tap links the job to the complaint it addresses (a second tap unlinks it)."""
    try:
        repair = own_repair(repair_id)
        job = lookup.get_job(job_id)
        if job.repair_pk != repair.id:
            raise NotFound("No such job in this repair.")
        records.toggle_link(complaint_id, job)
    except (NotFound, Forbidden):
        return navigate(url_for(".repair", repair_id=repair_id))
    except ServiceError as error:
        return _panel_answer(repair.vehicle_id, error, repair)
    return _panel_answer(repair.vehicle_id, None, repair)


def _panel_answer(vehicle_id: str, error: ServiceError | None = None, repair=None):
    if not is_htmx():
        url = url_for(".repair", repair_id=repair.repair_id) if repair else _back(vehicle_id)
        return back_with_error(error, url) if error else navigate(url)
    if repair is None:
        running = lookup.performing_repair_of(vehicle_id=vehicle_id)
        if running is not None and running.performer_id == current_user.performer_id:
            repair = running
    message = message_for(error) if error else None
    context = complaints_context(vehicle_id, repair, message)
    status = error.status if error else 200
    trigger = LINKS_CHANGED if repair is not None and error is None else None
    return fragment("tablet/_complaints.html", status=status, trigger=trigger, **context)


@bp.post("/scooter-id/<vehicle_id>/stage")
@tablet_page
def stage_view(vehicle_id: str):
    """Scan in at this warehouse, release (ready to go out), or leave unrepaired."""
    stage, token = request.form.get("stage", ""), request.form.get("event_id", "")
    reason = request.form.get("reason", "").strip()[:2000] or None
    try:
        if not is_reference(vehicle_id) or not valid_token(token):
            raise InvalidRequest(_l("Scan the scooter again."))
        if stage == Stage.RELEASED:
            release(token, vehicle_id, g.place, current_user.performer_id)
        elif stage in (Stage.ARRIVED, Stage.LEFT_UNREPAIRED):
            if stage == Stage.LEFT_UNREPAIRED and not reason:
                raise InvalidRequest(_l("Say why the scooter leaves unrepaired."))
            by = current_user.performer_id
            record_stage(StageRequest(token, vehicle_id, stage, g.place.place_id, by, reason))
        else:
            raise InvalidRequest("Unknown stage.")
    except ServiceError as error:
        if not is_htmx():
            return back_with_error(error, _back(vehicle_id))
        context = way_context(vehicle_id, message_for(error))
        return fragment("tablet/_way.html", status=error.status, **context)
    if request.form.get("from") == "board":
        return navigate(url_for(".board"))
    return (
        fragment("tablet/_way.html", **way_context(vehicle_id))
        if is_htmx()
        else navigate(_back(vehicle_id))
    )
