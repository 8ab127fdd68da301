"""What a manager asks a list or a statistics page for: read from the query string, checked.

A bad value never breaks a page: it is dropped and said so (`problems`), and the rest applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.i18n import DATES_OUT_OF_RANGE, DEFAULT_TIMEZONE
from app.manager.periods import MAX_DAYS, Period, PeriodError
from app.models import Status

# Where a repair was done: in the warehouse, or in the field at a mission's point.
REPAIR_KINDS = ("warehouse", "field")
PERIOD_PROBLEMS = {
    "bad_date": _l("Type dates as dd.mm.yyyy, for example 26.11.2026."),
    "start_after_end": _l("The period starts after it ends."),
    "too_long": _l("A period can be at most 366 days long."),
    "out_of_range": DATES_OUT_OF_RANGE,
}


@dataclass(frozen=True)
class HistoryFilters:
    """Which repairs a history list shows. Empty fields do not filter."""

    period: Period | None = None
    place_id: str = ""
    performer_id: str = ""
    job_type: str = ""
    status: str = ""
    scooter: str = ""  # a plate number or a vehicle id, as typed
    vehicle_id: str = ""  # exact; the scooter page sets it
    kind: str = ""  # "warehouse" or "field" (at a mission's point); empty: both
    problems: tuple[str, ...] = field(default=(), compare=False)

    def query_args(self, **extra: Any) -> dict[str, str]:
        """The filters as query-string arguments (empty ones left out), plus `extra`."""
        args = {
            "from": self.period.first.isoformat() if self.period else "",
            "to": self.period.last.isoformat() if self.period else "",
            "place": self.place_id,
            "performer": self.performer_id,
            "job_type": self.job_type,
            "status": self.status,
            "scooter": self.scooter,
            "kind": self.kind,
        }
        args.update(extra)
        return {key: value for key, value in args.items() if value}

    def for_vehicle(self, vehicle_id: str) -> HistoryFilters:
        """The same filters narrowed to one scooter."""
        return replace(self, vehicle_id=vehicle_id)


def _text(args: MultiDict, name: str) -> str:
    return (args.get(name) or "").strip()[:64]


def history_filters(args: MultiDict) -> HistoryFilters:
    """Read the history filters from a query string."""
    problems: list[str] = []
    period = None
    if args.get("from") or args.get("to"):
        try:
            period = Period.parse(args.get("from"), args.get("to"), DEFAULT_TIMEZONE)
        except PeriodError as error:
            problems.append(str(PERIOD_PROBLEMS[str(error)]))
    status = _text(args, "status")
    if status and status not in tuple(Status):
        status = ""
    kind = _text(args, "kind")
    return HistoryFilters(
        period=period,
        kind=kind if kind in REPAIR_KINDS else "",
        place_id=_text(args, "place"),
        performer_id=_text(args, "performer"),
        job_type=_text(args, "job_type"),
        status=status,
        scooter=_text(args, "scooter"),
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class StatsFilters:
    """A statistics page: a period (default the last 30 days) and a warehouse or all."""

    period: Period
    place_id: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    def query_args(self, **extra: Any) -> dict[str, str]:
        args = {
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
            "place": self.place_id,
        }
        args.update(extra)
        return {key: value for key, value in args.items() if value}


def stats_filters(args: MultiDict, zone: str = DEFAULT_TIMEZONE) -> StatsFilters:
    """Read the statistics filters; a bad period falls back to the last 30 days.

    `days=N` alone means the last N days, today included.
    """
    problems: list[str] = []
    days = args.get("days", type=int)
    try:
        if days and not (args.get("from") or args.get("to")):
            period = Period.ending_today(min(max(days, 1), MAX_DAYS), zone)
        else:
            period = Period.parse(args.get("from"), args.get("to"), zone)
    except PeriodError as error:
        problems.append(str(PERIOD_PROBLEMS[str(error)]))
        period = Period.ending_today(zone=zone)
    return StatsFilters(period=period, place_id=_text(args, "place"), problems=tuple(problems))
