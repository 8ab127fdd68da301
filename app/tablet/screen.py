"""What the repair screen shows: the repair, job buttons with fresh tokens, commands, finish."""

from __future__ import annotations

import re
import uuid

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.clock import utcnow
from app.control.services import audit_entries
from app.extensions import db
from app.models import Repair, Status, Vehicle
from app.tablet.complaint_panel import complaints_context
from app.tablet.end_reasons import END_REASONS, JOB_END_REASONS
from app.tablet.job_types import active_job_types, job_type_names
from app.vocabulary import Command
from app.web.drive_words import self_test_found_errors

# Idempotency tokens as the API accepts them (docs/API.md, "General"): the page mints uuid4
# hex ones.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
RECENT_COMMANDS = 5
# A second tap on the same job button within this window is the same tap, whatever the
# network did in between: the button keeps the token of the job it just started.
DOUBLE_TAP_SECONDS = 5

# The widgets a repair page can refresh on its own, by element id (htmx's HX-Target).
PARTS = {
    "jobs": "tablet/_jobs.html",
    "finish-complete": "tablet/_finish_complete.html",
    "commands": "tablet/_commands.html",
}


def valid_token(value: str | None) -> bool:
    """True for a well-formed client-chosen id."""
    return bool(value) and TOKEN.fullmatch(value) is not None


def new_token() -> str:
    """A fresh idempotency token for one state-changing control."""
    return uuid.uuid4().hex


def job_button_token(repair: Repair, job_type: str) -> str:
    """The token a job-type button sends: a just-started job's own id, or a fresh one.

    Answers to the first tap re-render the buttons; with fresh tokens only, a double tap that
    lands after that re-render would start a second job. Reusing the token of a job of this
    type started moments ago makes the second tap a retry, which the service answers with
    the same job.
    """
    now = utcnow()
    for job in reversed(repair.jobs):
        age = (now - job.started_at).total_seconds()
        if job.type == job_type and job.is_active and age < DOUBLE_TAP_SECONDS:
            return job.job_id
    return new_token()


def finish_blocked_reason(repair: Repair) -> str | None:
    """Why the repair cannot be completed yet, or None when it can."""
    if any(job.is_active for job in repair.jobs):
        return _("A job is still running: finish it first.")
    if not any(job.status == Status.COMPLETED for job in repair.jobs):
        return _("Mark at least one job as done first.")
    return None


def repair_context(repair: Repair, **extra) -> dict:
    """Everything the repair page and its fragments render."""
    vehicle = db.session.get(Vehicle, repair.vehicle_id)
    context = {
        "repair": repair,
        "number": vehicle.number if vehicle and vehicle.number else None,
        "vehicle": vehicle,
        "job_buttons": [
            (code, name, job_button_token(repair, code)) for code, name in active_job_types()
        ],
        "job_names": job_type_names(),
        "job_endings": Status.endings(),
        "blocked_reason": finish_blocked_reason(repair),
        "end_reasons": END_REASONS,
        "job_end_reasons": JOB_END_REASONS,
        "commands_offered": tuple(Command),
        # This repair's own commands: an earlier repair's self-test says nothing of this one.
        "commands": audit_entries(
            repair.vehicle_id, current_user.performer_id, RECENT_COMMANDS, repair.repair_id
        ),
        "found_errors": self_test_found_errors,
        "report": None,
        "error": None,
        "comment": request.form.get("comment", "") if request.method == "POST" else "",
        "now": utcnow(),
    }
    context.update(complaints_context(repair.vehicle_id, repair))
    context.update(extra)
    return context
