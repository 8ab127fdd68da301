"""The command panel: send one command to the scooter in repair and show how it went."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from app.control.services import CommandDenied, CommandFailed, send_command
from app.errors import Forbidden, NotFound, ServiceError, Unprocessable
from app.models import Repair
from app.tablet import bp
from app.tablet.access import own_repair, tablet_page
from app.tablet.commands_view import CommandReport, report_failure, report_ok
from app.tablet.screen import repair_context
from app.vocabulary import Command
from app.web.htmx import fragment, is_htmx, navigate


def _run(repair: Repair, action: str) -> CommandReport:
    """Send the command (the service decides who may, and audits it) and describe its outcome."""
    if action not in Command.codes():
        return report_failure(action, Unprocessable("Unknown action.", code="invalid_request"))
    try:
        audit = send_command(current_user.performer_id, repair.vehicle_id, action, "tablet")
    except (CommandFailed, CommandDenied) as error:  # denied: not on shift, repair ended
        return report_failure(action, error, error.audit)
    except ServiceError as error:  # an inactive account
        return report_failure(action, error)
    return report_ok(audit)


@bp.post("/repairs/<repair_id>/commands")
@tablet_page
def command(repair_id: str):
    """Run a command; the panel comes back with its outcome (never an error page)."""
    try:
        repair = own_repair(repair_id)
    except (NotFound, Forbidden):
        return navigate(url_for(".repair", repair_id=repair_id))
    report = _run(repair, request.form.get("action", ""))
    if not is_htmx():
        return navigate(url_for(".repair", repair_id=repair_id))
    return fragment("tablet/_commands.html", **repair_context(repair, report=report))
