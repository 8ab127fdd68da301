"""Small wordings the tablet templates share: numbers, models, statuses, durations."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.clock import to_rfc3339, utcnow
from app.scooters.vehicles import known_number

STATUS_LABELS = {
    "performing": _l("In progress"),
    "completed": _l("Done"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}
OUTCOME_LABELS = {
    "pending": _l("Sending…"),
    "ok": _l("Confirmed"),
    "failed": _l("Not run"),
    "unknown": _l("Unknown: check the scooter"),
    "denied": _l("Not allowed"),
}


def scooter_number(vehicle_id: str) -> str:
    """The plate painted on a scooter, or a short form of its id if Drive never told us."""
    return known_number(vehicle_id) or vehicle_id[:8]


def model_name(code: str) -> str:
    """A model code as people say it: "ninebot_max_g30" → "Ninebot Max G30"."""
    words = code.replace("-", "_").split("_")
    return " ".join(w.upper() if any(c.isdigit() for c in w) else w.capitalize() for w in words)


def km(value: float) -> str:
    """A distance in km with one decimal, in the user's number format."""
    return format_decimal(round(value, 1), format="#,##0.#")


def status_label(status: str) -> str:
    """A repair's or job's status in words."""
    return str(STATUS_LABELS.get(status, status))


def outcome_label(outcome: str) -> str:
    """A command's outcome in words."""
    return str(OUTCOME_LABELS.get(outcome, outcome))


def duration_text(start: datetime | None, end: datetime | None = None) -> str:
    """A short human duration: "< 1 min", "12 min", "1 h 05 min"."""
    if start is None:
        return "—"
    minutes = int(((end or utcnow()) - start).total_seconds() // 60)
    if minutes < 1:
        return _("< 1 min")
    if minutes < 60:
        return _("%(minutes)d min", minutes=minutes)
    return _("%(hours)d h %(minutes)02d min", hours=minutes // 60, minutes=minutes % 60)


def elapsed_clock(start: datetime, now: datetime) -> str:
    """A running job's elapsed time as the live timer shows it: "4:07", "1:02:09"."""
    seconds = max(0, int((now - start).total_seconds()))
    hours, minutes, seconds = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def template_helpers() -> dict:
    """The helpers above, for the tablet's templates."""
    return {
        "scooter_number": scooter_number,
        "model_name": model_name,
        "km": km,
        "status_label": status_label,
        "outcome_label": outcome_label,
        "duration_text": duration_text,
        "elapsed_clock": elapsed_clock,
        "rfc3339": to_rfc3339,
    }
