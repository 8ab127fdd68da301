"""Common reasons a repair ends without being completed: one tap on the tablet ends it so.

Each reason says how the repair ends (failed or cancelled); its label, in the repairer's
language, becomes the repair's comment, followed by any free text typed next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l

from app.errors import InvalidRequest
from app.i18n import DEFAULT_LANGUAGE
from app.models import Status


@dataclass(frozen=True)
class EndReason:
    code: str
    status: str
    label: LazyString


END_REASONS = (
    EndReason("no_parts", Status.FAILED, _l("No spare parts")),
    EndReason("needs_workshop", Status.FAILED, _l("Needs a specialist or a workshop")),
    EndReason("beyond_repair", Status.FAILED, _l("Not worth repairing")),
    EndReason("taken_away", Status.CANCELLED, _l("Scooter taken away")),
    EndReason("by_mistake", Status.CANCELLED, _l("Started by mistake")),
)
# A job that is not done, said in one tap on its row.
JOB_END_REASONS = (
    EndReason("no_parts", Status.FAILED, _l("No spare parts")),
    EndReason("needs_workshop", Status.FAILED, _l("Needs a specialist or a workshop")),
    EndReason("not_needed", Status.CANCELLED, _l("Not needed after all")),
    EndReason("by_mistake", Status.CANCELLED, _l("Started by mistake")),
)


def end_by_reason(
    code: str, free_text: str | None, reasons: tuple[EndReason, ...] = END_REASONS
) -> tuple[str, str]:
    """The status and the comment for a tapped reason; 400 for a reason we do not offer."""
    reason = next((r for r in reasons if r.code == code), None)
    if reason is None:
        raise InvalidRequest("Unknown reason.", field="reason")
    # Stored as data that managers read later, so in the operator's language, not in the
    # language this tablet happens to show.
    with force_locale(DEFAULT_LANGUAGE):
        label = str(reason.label)
    return reason.status, f"{label}: {free_text}" if free_text else label
