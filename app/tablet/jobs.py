"""Jobs on the repair screen: a tap on a job type starts one; done, failed or cancelled end it."""

from __future__ import annotations

from flask import request, url_for

from app.errors import Forbidden, InvalidRequest, NotFound, ServiceError
from app.models import TERMINAL_STATUSES, Repair
from app.repairs import lookup
from app.repairs.services import finish_job, start_job
from app.tablet import bp
from app.tablet.access import own_repair, tablet_page
from app.tablet.end_reasons import JOB_END_REASONS, end_by_reason
from app.tablet.screen import repair_context, valid_token
from app.web.htmx import back_with_error, fragment, is_htmx, navigate
from app.web.messages import message_for

JOBS_CHANGED = "jobs-changed"


def _answer(repair: Repair, error: ServiceError | None = None):
    """The refreshed jobs widget (htmx), or back to the repair page."""
    url = url_for(".repair", repair_id=repair.repair_id)
    if not is_htmx():
        return back_with_error(error, url) if error else navigate(url)
    if error is not None:
        context = repair_context(repair, error=message_for(error))
        return fragment("tablet/_jobs.html", status=error.status, **context)
    return fragment("tablet/_jobs.html", trigger=JOBS_CHANGED, **repair_context(repair))


@bp.post("/repairs/<repair_id>/jobs")
@tablet_page
def start_job_view(repair_id: str):
    """Start a job of the tapped type; the button's token makes a double tap one job."""
    try:
        repair = own_repair(repair_id)
    except (NotFound, Forbidden):
        return navigate(url_for(".repair", repair_id=repair_id))
    job_id, job_type = request.form.get("job_id", ""), request.form.get("type", "")
    try:
        if not valid_token(job_id) or not job_type:
            raise InvalidRequest("job_id and type are required.")
        start_job(repair_id, job_id, job_type)
    except ServiceError as error:
        return _answer(repair, error)
    return _answer(lookup.get_repair(repair_id))


@bp.post("/jobs/<job_id>/finish")
@tablet_page
def finish_job_view(job_id: str):
    """End a running job as done, failed or cancelled; a tapped common reason (`reason`) says
    both how it ends and why."""
    job = lookup.find_job(job_id)
    if job is None:
        return navigate(url_for(".index"))
    try:
        repair = own_repair(job.repair.repair_id)
    except (NotFound, Forbidden):
        return navigate(url_for(".repair", repair_id=job.repair.repair_id))
    status, comment = request.form.get("status", ""), None
    reason = request.form.get("reason")
    try:
        if reason is not None:
            status, comment = end_by_reason(reason, None, JOB_END_REASONS)
        if status not in TERMINAL_STATUSES:
            raise InvalidRequest("Unknown status.")
        finish_job(job_id, status, comment)
    except ServiceError as error:
        return _answer(repair, error)
    return _answer(lookup.get_repair(repair.repair_id))
