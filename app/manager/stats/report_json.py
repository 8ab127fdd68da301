"""A statistics report as stored in `stats_snapshots`: JSON of its numbers, and back.

Its filters are the snapshot's key and are not stored. A snapshot of another FORMAT, or one
that does not read back, counts as missing (the report is computed again).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, is_dataclass
from datetime import date
from decimal import Decimal

from app.manager.filters import StatsFilters
from app.manager.stats.complaints import ComplaintRate, RepeatByJobType, RepeatByRepairer
from app.manager.stats.downtime import TrueDowntime
from app.manager.stats.people import RepairerStats
from app.manager.stats.repairs import DayCount, DurationStats, JobTypeStats, StatusCounts
from app.manager.stats.report import StatsReport
from app.manager.stats.scooters import DowntimeTotals, KmBetween, ScooterStats

# Of the stored JSON (2: status counts by name; 3: true downtime, complaints, those in the
# field; 4: hands-on time counted once).
FORMAT = 4


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):  # PostgreSQL's sums of integers
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot store {type(value).__name__} in a statistics snapshot")


def dump(report: StatsReport) -> str:
    """The report's numbers as JSON (its filters are the snapshot's key, not stored)."""
    body = {f.name: _fields(getattr(report, f.name)) for f in fields(report) if f.name != "filters"}
    return json.dumps({"format": FORMAT, "report": body}, default=_plain, separators=(",", ":"))


def _fields(value):
    if isinstance(value, list):
        return [_fields(item) for item in value]
    return asdict(value) if is_dataclass(value) else value


def load(text: str | None, filters: StatsFilters) -> StatsReport | None:
    """A stored report for `filters`, or None when there is none of the current format."""
    if not text:
        return None
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            return None
        return _report(data["report"], filters)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # written by another version: as good as missing


def _report(r: dict, filters: StatsFilters) -> StatsReport:
    return StatsReport(
        filters=filters,
        counts=StatusCounts(**r["counts"]),
        days=[DayCount(**{**d, "day": date.fromisoformat(d["day"])}) for d in r["days"]],
        repair_durations=DurationStats(**r["repair_durations"]),
        job_types=[
            JobTypeStats(**{**t, "durations": DurationStats(**t["durations"])})
            for t in r["job_types"]
        ],
        repairers=[RepairerStats(**p) for p in r["repairers"]],
        repairers_total=r["repairers_total"],
        hands_on_seconds=r["hands_on_seconds"],
        downtime=DowntimeTotals(**r["downtime"]),
        most_downtime=[ScooterStats(**s) for s in r["most_downtime"]],
        most_repaired=[ScooterStats(**s) for s in r["most_repaired"]],
        km_between=[KmBetween(**k) for k in r["km_between"]],
        true_downtime=TrueDowntime.from_json(r["true_downtime"]),
        complaint_rates=[ComplaintRate(**c) for c in r["complaint_rates"]],
        repeats_by_job_type=[RepeatByJobType(**t) for t in r["repeats_by_job_type"]],
        repeats_by_repairer=[RepeatByRepairer(**p) for p in r["repeats_by_repairer"]],
    )
