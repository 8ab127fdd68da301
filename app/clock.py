"""The one source of "now" and the one wire format for times (RFC 3339, UTC, milliseconds)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


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
