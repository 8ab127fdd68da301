"""What a person reads when a rule says no: one plain sentence per error code, on every page.

Services word their errors for API clients, in English; the pages show these sentences instead.
A service that words a refusal for the person at the page (a lazy translation, as the admin
forms' refusals are) is shown in its own words.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.errors import ServiceError

_MESSAGES = {
    "performer_busy": _l("You already have a repair in progress."),
    "vehicle_busy": _l("This scooter is already being repaired by someone else."),
    "unknown_vehicle": _l("Drive knows no such scooter."),
    "unknown_place": _l("This warehouse is not in use any more. Choose another one."),
    "unknown_performer": _l("Your account is not active. Ask a manager."),
    "idempotency_mismatch": _l("This page is out of date. Reload it and try again."),
    "repair_not_active": _l("This repair has already ended."),
    "unknown_job_type": _l("This job type is no longer in use. Reload the page."),
    "jobs_in_progress": _l("A job is still running: finish it first."),
    "no_completed_jobs": _l("Mark at least one job as done first."),
    "already_finished": _l("This was already finished with another result."),
    "not_found": _l("Not found. Reload the page."),
    "not_on_shift": _l("You are not on shift. Choose your warehouse to start one."),
    "not_in_repair": _l(
        "This repair has already ended: commands go only to a scooter in your repair."
    ),
    "drive_error": _l("The scooter did not run the command. Check the scooter, then try again."),
    "drive_timeout": _l("No answer from the scooter in time: check the scooter."),
    "drive_unavailable": _l("Drive is not reachable now. Try again in a minute."),
    "invalid_request": _l("This page is out of date. Reload it and try again."),
    "not_your_repair": _l("This repair belongs to another repairer."),
    "vehicle_in_repair": _l("The scooter is still in repair: finish the repair first."),
    "complaint_closed": _l("This complaint is already closed. Reload the page."),
    "other_vehicle": _l("This complaint is about another scooter. Reload the page."),
    "not_your_mission": _l("This mission is assigned to another repairer."),
    "mission_closed": _l("This mission is already confirmed."),
    "point_finished": _l("This point is already finished."),
    "not_a_point": _l("This scooter is not on the mission's list."),
    "points_pending": _l("Some points are not finished yet: finish every point first."),
}


def message_for(error: ServiceError) -> str:
    """The translated sentence for a service error: its own words if written for people, else
    the sentence for its code."""
    if not isinstance(error.message, str):  # a lazy translation: written for the page
        return str(error.message)
    known = _MESSAGES.get(error.code)
    if known is not None:
        return str(known)
    # Never the service's English sentence: a code the person can pass on, and what to do.
    return _(
        "Something went wrong (code %(code)s). Reload the page and try again; if it happens "
        "again, tell a manager.",
        code=error.code,
    )
