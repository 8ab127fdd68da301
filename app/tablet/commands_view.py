"""How a control command's outcome reads on the tablet: a sentence, findings, the new state."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.control.services import CommandFailed
from app.drive import DriveRefused
from app.errors import ServiceError
from app.models import ControlCommand, Outcome
from app.vocabulary import Command
from app.web.drive_words import FindingWords, finding_words, refusal_message
from app.web.formatting import action_label
from app.web.messages import message_for

_STATE_LABELS = {
    ("deck_open", True): _l("Battery deck: open"),
    ("deck_open", False): _l("Battery deck: closed"),
    ("headlight_on", True): _l("Headlight: on"),
    ("headlight_on", False): _l("Headlight: off"),
    ("lock_open", True): _l("Lock: open"),
    ("lock_open", False): _l("Lock: closed"),
    ("wheel_blocked", True): _l("Wheel: blocked"),
    ("wheel_blocked", False): _l("Wheel: free"),
}


@dataclass(frozen=True)
class CommandReport:
    """One command's outcome as the repairer reads it."""

    action: str
    outcome: str
    message: str
    code: str | None = None  # Drive's refusal code when we have no words for it
    passed: bool | None = None
    findings: list[FindingWords] = field(default_factory=list)
    state: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def tone(self) -> str:
        """The report's colour: by what the self-test found, else by the outcome."""
        return "tone-warn" if self.passed is False else Outcome.of(self.outcome).css


def report_ok(audit: ControlCommand) -> CommandReport:
    """Drive confirmed: say so, list self-test findings or the scooter's new state."""
    result = audit.result or {}
    if audit.action == Command.SELF_TEST:
        errors = result.get("errors") if isinstance(result.get("errors"), list) else []
        findings = [finding_words(f) for f in errors if isinstance(f, dict)]
        passed = bool(result.get("passed")) and not findings
        if passed:
            message = _("Self-test passed: no errors.")
        elif findings:
            message = _(
                "Self-test found errors: fix them, or end the repair with “Could not repair”."
            )
        else:
            message = _("Self-test did not pass, without naming an error: run it again.")
        return CommandReport(audit.action, audit.outcome, message, passed=passed, findings=findings)
    state = [str(_STATE_LABELS[(k, v)]) for k, v in result.items() if (k, v) in _STATE_LABELS]
    message = _("Done: the scooter confirmed the command.")
    return CommandReport(audit.action, audit.outcome, message, state=state)


def report_failure(
    action: str, error: ServiceError, audit: ControlCommand | None = None
) -> CommandReport:
    """Drive refused, did not answer, or we were not allowed: say what to do next."""
    outcome = audit.outcome if audit is not None else Outcome.FAILED
    if outcome == Outcome.UNKNOWN:
        message = _(
            "No answer came back, so nobody knows whether it ran: check the scooter "
            "before sending it again."
        )
        return CommandReport(action, outcome, message)
    drive_code = _refusal_code(error)
    words = refusal_message(drive_code)
    if words is not None:
        return CommandReport(action, outcome, words)
    return CommandReport(action, outcome, message_for(error), code=drive_code)


def _refusal_code(error: ServiceError) -> str | None:
    """Drive's own code when Drive answered with a refusal; None for any other failure (its
    sentence already says what happened: no connection, no answer in time...)."""
    if isinstance(error, CommandFailed) and isinstance(error.drive_error, DriveRefused):
        return error.drive_error.detail
    return None
