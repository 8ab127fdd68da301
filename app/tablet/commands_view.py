"""How a control command's outcome reads on the tablet: a sentence, findings, the new state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.errors import ServiceError
from app.models import ControlCommand, Outcome
from app.vocabulary import Command
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
    detail: str | None = None
    passed: bool | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    state: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return action_label(self.action)


def report_ok(audit: ControlCommand) -> CommandReport:
    """Drive confirmed: say so, list self-test findings or the scooter's new state."""
    result = audit.result or {}
    if audit.action == Command.SELF_TEST:
        findings = [f for f in result.get("errors") or [] if isinstance(f, dict)]
        passed = bool(result.get("passed")) and not findings
        message = _("Self-test passed: no errors.") if passed else _("Self-test found errors:")
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
    else:
        message = message_for(error)
    detail = audit.detail if audit is not None else None
    return CommandReport(action, outcome, message, detail=detail)
