"""How the manager pages write durations, km, shares and statuses, in the user's language."""

from __future__ import annotations

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.csv_excel import Figure

STATUS_LABELS = {
    "performing": _l("In progress"),
    "completed": _l("Completed"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}


def status_label(status: str) -> str:
    """A repair or job status in words."""
    return str(STATUS_LABELS.get(status, status))


def duration(seconds: float | None) -> str:
    """A duration for people: "45 min", "2 h 05 min", "3 d 4 h"; a dash when unknown."""
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return _("%(m)d min", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)02d min", h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return _("%(d)d d %(h)d h", d=days, h=hours)


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
    """Kilometres, to one decimal."""
    return "—" if value is None else _("%(km)s km", km=number(value, 1))


def percent(share: float | None) -> str:
    """A share (0..1) as a percentage."""
    return "—" if share is None else f"{number(share * 100, 0)} %"


def locale_code() -> str:
    """The language in use, "ru" or "en"."""
    return str(get_locale() or "ru")[:2]


def template_helpers() -> dict:
    """What the manager templates call to format values."""
    return {
        "status_label": status_label,
        "duration": duration,
        "hours": hours,
        "num": number,
        "km": km,
        "percent": percent,
        "locale_code": locale_code,
    }
