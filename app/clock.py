"""The one source of "now" and the one wire format for times (RFC 3339, UTC, milliseconds)."""

from __future__ import annotations

from datetime import UTC, date, datetime

# The dates a person may ask about (filters, periods): far wider than the data, narrow enough
# that a day before or after, in any time zone, is still a date Python and both databases hold.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)


# How a person types a date into a filter: as every page shows one, day first ("26.11.2026"),
# whatever the browser's locale; links and old bookmarks carry ISO dates ("2026-11-26").
DAY_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def parse_day(text: str) -> date:
    """A date typed as 26.11.2026 (or 2026-11-26); raise ValueError for anything else."""
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text[:20]!r}")


def day_text(day: date | None) -> str:
    """A date as a filter field shows it (the first of DAY_FORMATS); empty when None."""
    return day.strftime(DAY_FORMATS[0]) if day else ""


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def is_supported_date(day: date | None) -> bool:
    """True for a date from FIRST_DATE to LAST_DATE."""
    return day is not None and FIRST_DATE <= day <= LAST_DATE


def to_rfc3339(moment: datetime | None) -> str | None:
    """Format an aware or naive-UTC datetime as `2026-11-26T09:15:00.123Z`."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds") + "Z"


def parse_rfc3339(text: str) -> datetime:
    """Parse an RFC 3339 time (`Z` or an offset) into aware UTC; raise ValueError if not one."""
    moment = datetime.fromisoformat(text.replace("z", "Z"))
    if moment.tzinfo is None:
        raise ValueError("time zone offset required")
    return moment.astimezone(UTC)
