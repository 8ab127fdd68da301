"""Drive's codes in plain words: refusals, why a scooter is offline, self-test findings.

Drive speaks English codes and English prose ("car_offline: the car is offline (battery
flat)", "E21 ecu Headlight circuit open"). A repairer reads our words for each code we know,
in his language, with what to do next; a code we do not know is shown as that code, never as
Drive's prose (which is neither translated nor written for him). This is the one place that
knows Drive's codes: a new one is a line here and its Russian in translations/common.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Drive's refusal codes (409 answers, docs/DRIVE.md): what happened and what to do.
_REFUSALS = {
    "car_offline": _l(
        "The scooter is offline, so it did not get the command. Charge or switch it on, "
        "then try again. The repair itself can go on without commands."
    ),
    "action_rejected": _l(
        "The scooter refused this command in its present state (for example the deck is "
        "already open, or the battery is too low for a self-test). Check the scooter, then "
        "try again."
    ),
    "car_not_found": _l("Drive knows no such scooter. Check the number on the label."),
}

# Why Drive says a scooter is offline (`offline_reason` of its details).
_OFFLINE_REASONS = {
    "battery_flat": _l("its battery is flat"),
    "no_signal": _l("its IoT module has no mobile signal"),
    "iot_off": _l("its IoT module is switched off"),
}

# The scooter's blocks as self-test findings name them.
_BLOCKS = {
    "ecu": _l("controller"),
    "bms": _l("battery"),
    "iot": _l("IoT module"),
    "dashboard": _l("dashboard"),
}

# Self-test findings by code: what is wrong, in words a repairer uses.
_FINDINGS = {
    "E10": _l("Motor hall sensor fault: check the motor cable and connector."),
    "E15": _l("Rear brake lever sensor gives no signal: check the lever sensor and its cable."),
    "E21": _l("Headlight circuit is open: check the headlight, its cable and connector."),
    "E22": _l("Tail light circuit is open: check the tail light, its cable and connector."),
    "E28": _l("Dashboard does not respond: check the dashboard cable, or replace the dashboard."),
    "E40": _l("Battery cells are unbalanced: the battery needs a check or replacement."),
    "E42": _l("Charging circuit fault: check the charging port and its cable."),
    "E54": _l("Lock actuator does not respond in time: check the lock and its cable."),
}


@dataclass(frozen=True)
class FindingWords:
    """One self-test finding as the repairer reads it; `text` is None for a code we do not
    know (the page then shows the code alone)."""

    code: str
    block: str | None
    text: str | None


def refusal_message(code: str | None) -> str | None:
    """Our sentence for Drive's refusal code, or None when we do not know the code."""
    known = _REFUSALS.get(code or "")
    return str(known) if known is not None else None


def offline_reason(code: str | None) -> str | None:
    """Why the scooter is offline, in words; an unknown reason as its code; None if none."""
    if not code:
        return None
    known = _OFFLINE_REASONS.get(code)
    return str(known) if known is not None else _("Drive's code: %(code)s", code=code)


def block_name(code: str | None) -> str | None:
    """A scooter block in words, or its code in capitals when we do not know it."""
    if not code:
        return None
    known = _BLOCKS.get(code.lower())
    return str(known) if known is not None else code.upper()


def finding_words(finding: dict[str, Any]) -> FindingWords:
    """A finding of Drive's self-test (`{"code", "block", "message"}`) in plain words."""
    code = str(finding.get("code") or "?")[:16]
    block = finding.get("block")
    known = _FINDINGS.get(code.upper())
    return FindingWords(
        code, block_name(block if isinstance(block, str) else None), str(known) if known else None
    )


def self_test_found_errors(result: dict[str, Any] | None) -> bool:
    """True when a self-test's result reports findings or did not pass."""
    if not result:
        return False
    return bool(result.get("errors")) or result.get("passed") is False
