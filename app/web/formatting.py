"""How every page writes statuses, commands, durations, km, numbers and scooters, in the user's
language.

The tablet, the manager's pages and the administration call the same functions, so the same
repair reads the same wherever it is shown. Statuses, outcomes and commands are worded in
app/vocabulary.py; templates get their terms (label, tone, flags) through `status_term`,
`outcome_term` and `command_term`, and the `badge` macro of templates/_terms.html.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_decimal
from flask_babel import gettext as _

from app.clock import day_text, to_rfc3339, utcnow
from app.csv_excel import Figure
from app.i18n import DEFAULT_TIMEZONE, NAMED_FORMATS, local_time
from app.scooters.vehicles import known_number
from app.vocabulary import (
    Command,
    ComplaintSource,
    ComplaintStatus,
    Outcome,
    PointStatus,
    Stage,
    Status,
)


def status_label(status: str) -> str:
    """A repair's or job's status in words."""
    return str(Status.of(status).label)


def action_label(action: str) -> str:
    """A scooter command in words."""
    return str(Command.of(action).label)


def outcome_label(outcome: str) -> str:
    """A command's outcome in words."""
    return str(Outcome.of(outcome).label)


def duration(seconds: float | None) -> str:
    """A duration in whole minutes, as a clock counts them: "< 1 min", "45 min", "2 h 05 min",
    "3 d 4 h"; a dash when unknown."""
    if seconds is None:
        return "—"
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("< 1 min")
    if minutes < 60:
        return _("%(m)d min", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)02d min", h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return _("%(d)d d %(h)d h", d=days, h=hours)


def duration_between(start: datetime | None, end: datetime | None = None) -> str:
    """How long from `start` to `end` (to now while it runs), as `duration` writes it."""
    if start is None:
        return "—"
    return duration(((end or utcnow()) - start).total_seconds())


def elapsed_clock(start: datetime, now: datetime) -> str:
    """A running job's elapsed time as the live timer shows it: "4:07", "1:02:09"."""
    seconds = max(0, int((now - start).total_seconds()))
    hours, minutes, seconds = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def hours(seconds: float | None) -> str:
    """A long total in hours, to one decimal under 100 h: "7.5 h", "241 h"."""
    if seconds is None:
        return "—"
    value = seconds / 3600
    return _("%(h)s h", h=number(value, 1 if value < 100 else 0))


def number(value: float | None, digits: int = 0) -> str:
    """A number with the locale's separators; a dash when unknown."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern)


def plain_number(value: float | None, digits: int = 1) -> str:
    """A number for a spreadsheet: no grouping, the locale's decimal mark; empty when unknown.

    A `Figure`, so the CSV formula guard keeps a negative one a number."""
    if value is None:
        return ""
    pattern = "0" + ("." + "#" * digits if digits else "")
    return Figure(format_decimal(round(value, digits), format=pattern))


def km(value: float | None) -> str:
    """Kilometres, to one decimal where there is one: "1 834,2 km", "100 km"; a dash when
    unknown."""
    if value is None:
        return "—"
    return _("%(km)s km", km=format_decimal(round(value, 1), format="#,##0.#"))


def percent(share: float | None) -> str:
    """A share (0..1) as a percentage."""
    return "—" if share is None else f"{number(share * 100, 0)} %"


def scooter_number(vehicle_id: str) -> str:
    """The plate painted on a scooter, or a short form of its id if Drive never told us."""
    return plate_or_short_id(vehicle_id, known_number(vehicle_id))


def plate_or_short_id(vehicle_id: str, known: str | None) -> str:
    """`scooter_number` when the plate we know (`known`, or None) was read with the row."""
    return known or vehicle_id[:8]


def model_name(code: str) -> str:
    """A model code as people say it: "ninebot_max_g30" → "Ninebot Max G30"."""
    words = code.replace("-", "_").split("_")
    return " ".join(w.upper() if any(c.isdigit() for c in w) else w.capitalize() for w in words)


# One style for a moment on every manager and admin page, in both languages: day first, 24-hour
# clock ("26.11.2026 09:15"), so English readers never see "11/26/26, 9:15 AM" beside it.
MOMENT_FORMAT = NAMED_FORMATS["short"]
# The same moment in a CSV file, as Excel reads a date and time in any locale.
CSV_MOMENT_FORMAT = "%Y-%m-%d %H:%M"


def moment(value: datetime | None, zone: str | None, seconds: bool = False) -> str:
    """A UTC moment in the local time of a warehouse (`zone`; Moscow when unknown)."""
    fmt = MOMENT_FORMAT + (":ss" if seconds else "")
    return local_time(value, fmt, tz=zone or DEFAULT_TIMEZONE)


def csv_moment(value: datetime | None, zone: str | None, seconds: bool = False) -> str:
    """A UTC moment in a warehouse's local time for a CSV cell; empty when unknown."""
    if value is None:
        return ""
    fmt = CSV_MOMENT_FORMAT + (":%S" if seconds else "")
    return value.astimezone(ZoneInfo(zone or DEFAULT_TIMEZONE)).strftime(fmt)


def zone_note(zone: str | None) -> str:
    """How a CSV header names the zone of its times: the zone when one covers every row
    ("Europe/Moscow"), else "warehouse's local time" (each row then names its own)."""
    return zone or _("warehouse's local time")


def template_helpers() -> dict:
    """The helpers above, for the templates of every area."""
    return {
        "status_term": Status.of,
        "complaint_status_term": ComplaintStatus.of,
        "complaint_source_term": ComplaintSource.of,
        "stage_term": Stage.of,
        "point_term": PointStatus.of,
        "outcome_term": Outcome.of,
        "command_term": Command.of,
        "statuses": tuple(Status),
        "duration": duration,
        "duration_between": duration_between,
        "elapsed_clock": elapsed_clock,
        "hours": hours,
        "num": number,
        "km": km,
        "percent": percent,
        "scooter_number": scooter_number,
        "plate_or_short_id": plate_or_short_id,
        "model_name": model_name,
        "rfc3339": to_rfc3339,
        "moment": moment,
        "day_text": day_text,
    }
