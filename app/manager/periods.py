"""Periods of local dates, and how they map onto UTC for each warehouse time zone.

A date means the warehouse's local date. "1 to 7 May" at a Moscow warehouse is
[1 May 00:00, 8 May 00:00) Moscow time; at a Novosibirsk warehouse, Novosibirsk time. With
"all warehouses", each repair is placed by its own warehouse's zone: a repair started at 23:30
local time belongs to that local day wherever the manager sits. The period's UTC bounds per
zone, and the stretches of constant UTC offset inside it, are computed here in Python (zoneinfo
knows daylight saving time) and handed to SQL as small constant tables, so the same query is
exact on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, String, select

from app.clock import is_supported_date, parse_day, utcnow
from app.database import UTCDateTime
from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.manager.sql import constant_table
from app.models import Place

MAX_DAYS = 366
DEFAULT_DAYS = 30


class PeriodError(ValueError):
    """The dates asked for do not make a period."""


@dataclass(frozen=True)
class Period:
    """Local dates from `first` to `last`, both included."""

    first: date
    last: date

    @classmethod
    def ending_today(cls, days: int = DEFAULT_DAYS, zone: str = DEFAULT_TIMEZONE) -> Period:
        """The last `days` local dates, today included."""
        today = utcnow().astimezone(ZoneInfo(zone)).date()
        return cls(today - timedelta(days=days - 1), today)

    @classmethod
    def parse(cls, first: str | None, last: str | None, zone: str = DEFAULT_TIMEZONE) -> Period:
        """A period from two typed dates (app.clock.parse_day); a missing end means today, a
        missing start 30 days back."""
        try:
            end = parse_day(last) if last else cls.ending_today(1, zone).last
            start = parse_day(first) if first else None
        except ValueError:
            raise PeriodError("bad_date") from None
        if not is_supported_date(end) or not (start is None or is_supported_date(start)):
            raise PeriodError("out_of_range")
        start = start or end - timedelta(DEFAULT_DAYS - 1)
        if start > end:
            raise PeriodError("start_after_end")
        if (end - start).days + 1 > MAX_DAYS:
            raise PeriodError("too_long")
        return cls(start, end)

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1

    def days(self) -> list[date]:
        """Every date of the period, in order."""
        return [self.first + timedelta(days=n) for n in range(self.length)]

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """[start, end) of the period in UTC, for a warehouse in `zone`."""
        return local_midnight(self.first, zone), local_midnight(self.last + timedelta(1), zone)


def local_midnight(day: date, zone: str) -> datetime:
    """The UTC instant when `day` begins in `zone`."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def zones_of(place_id: str | None) -> list[str]:
    """The time zones to cover: the warehouse's own, or those of every warehouse."""
    query = select(Place.timezone).distinct().order_by(Place.timezone)
    if place_id:
        query = query.where(Place.place_id == place_id)
    return list(db.session.scalars(query)) or [DEFAULT_TIMEZONE]


def period_table(period: Period, zones: list[str]):
    """CTE `period_bounds(tz, starts_at, ends_at)`: the period's UTC bounds per zone."""
    rows = [(zone, *period.bounds(zone)) for zone in zones]
    return constant_table(
        "period_bounds",
        [("tz", String()), ("starts_at", UTCDateTime()), ("ends_at", UTCDateTime())],
        rows,
    )


def offset_segments(period: Period, zone: str) -> list[tuple[datetime, datetime, int]]:
    """The period in `zone` cut where the UTC offset changes: (start, end, offset minutes).

    Offsets are whole quarter hours and change on quarter-hour UTC instants, so a walk in
    15-minute steps finds every change exactly. Usually one segment; two or three around DST.
    """
    start, end = period.bounds(zone)
    tz = ZoneInfo(zone)
    segments: list[tuple[datetime, datetime, int]] = []
    seg_start, offset = start, _offset_minutes(start, tz)
    moment = start + _STEP
    while moment < end:
        current = _offset_minutes(moment, tz)
        if current != offset:
            segments.append((seg_start, moment, offset))
            seg_start, offset = moment, current
        moment += _STEP
    segments.append((seg_start, end, offset))
    return segments


_STEP = timedelta(minutes=15)


def _offset_minutes(moment: datetime, tz: ZoneInfo) -> int:
    return int(moment.astimezone(tz).utcoffset().total_seconds() // 60)


def offset_table(period: Period, zones: list[str]):
    """CTE `utc_offsets(tz, starts_at, ends_at, minutes)`: constant-offset stretches per zone.

    A moment's local date is then the date of (moment + minutes), one addition per row: no
    join of every row against every day of the period.
    """
    rows = [(zone, *segment) for zone in zones for segment in offset_segments(period, zone)]
    return constant_table(
        "utc_offsets",
        [
            ("tz", String()),
            ("starts_at", UTCDateTime()),
            ("ends_at", UTCDateTime()),
            ("minutes", Integer()),
        ],
        rows,
    )


def date_table(period: Period):
    """CTE `period_dates(day)`: every date of the period, so empty days show as zeros."""
    return constant_table("period_dates", [("day", Date())], [(day,) for day in period.days()])
