"""The statistics page's content: every statistic for one scope, and the charts drawn from them.

Charts are data, not code: each is a small JSON document (labels, series, unit) embedded in the
page as a non-executable <script type="application/json"> block and drawn by
static/js/manager/charts.js with the vendored uPlot. The table beside each chart holds the
same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _

from app.i18n import current_language
from app.manager.filters import StatsFilters
from app.manager.sql import statistics_session
from app.manager.stats import complaints as stats_complaints
from app.manager.stats import downtime as stats_downtime
from app.manager.stats import people as stats_people
from app.manager.stats import repairs as stats_repairs
from app.manager.stats import scooters as stats_scooters
from app.manager.stats.scope import Scope
from app.web.formatting import duration, number

# The repairers table and the utilisation chart show the busiest few; the CSV has everyone.
TOP_REPAIRERS = 25

COLORS = {"blue": "#0b5cad", "green": "#17663a", "red": "#b42318", "amber": "#b86e00"}


@dataclass(frozen=True)
class StatsReport:
    filters: StatsFilters
    counts: stats_repairs.StatusCounts
    days: list[stats_repairs.DayCount]
    repair_durations: stats_repairs.DurationStats
    job_types: list[stats_repairs.JobTypeStats]
    repairers: list[stats_people.RepairerStats]  # the TOP_REPAIRERS busiest, busiest first
    repairers_total: int  # everyone who repaired, worked on jobs or was on shift
    hands_on_seconds: float  # over all repairers, not only those shown
    downtime: stats_scooters.DowntimeTotals
    most_downtime: list[stats_scooters.ScooterStats]
    most_repaired: list[stats_scooters.ScooterStats]
    km_between: list[stats_scooters.KmBetween]
    true_downtime: stats_downtime.TrueDowntime
    complaint_rates: list[stats_complaints.ComplaintRate]  # the fleet first, then per model
    repeats_by_job_type: list[stats_complaints.RepeatByJobType]
    repeats_by_repairer: list[stats_complaints.RepeatByRepairer]

    def charts(self) -> dict[str, dict]:
        """Every chart of the page, by the id of its data block."""
        lang = current_language()
        types = [t for t in self.job_types if t.durations.n]
        return {
            "chart-days": _chart(
                "lines",
                _("Day"),
                [format_date(d.day, "dd.MM") for d in self.days],
                [
                    (_("Started"), [d.started for d in self.days], "blue"),
                    (_("Completed"), [d.completed for d in self.days], "green"),
                    (_("Failed"), [d.failed for d in self.days], "red"),
                ],
                _("repairs"),
                integer=True,
            ),
            "chart-mix": _chart(
                "bars",
                _("Job type"),
                [t.name(lang) for t in self.job_types],
                [(_("Jobs"), [t.jobs for t in self.job_types], "blue")],
                _("jobs"),
                integer=True,
            ),
            "chart-job-durations": _chart(
                "bars",
                _("Job type"),
                [t.name(lang) for t in types],
                [
                    (
                        _("Median"),
                        [_minutes(t.durations.p50) for t in types],
                        "blue",
                        [duration(t.durations.p50) for t in types],
                    ),
                    (
                        _("90th percentile"),
                        [_minutes(t.durations.p90) for t in types],
                        "amber",
                        [duration(t.durations.p90) for t in types],
                    ),
                ],
                _("min"),
            ),
            "chart-utilisation": _chart(
                "bars",
                _("Repairer"),
                [r.name for r in self.repairers],
                [(_("Utilisation"), [_share(r.utilisation) for r in self.repairers], "green")],
                "%",
            ),
            "chart-km": _chart(
                "bars",
                _("Job type"),
                [k.name(lang) for k in self.km_between],
                [(_("Median"), [_round(k.median_km) for k in self.km_between], "blue")],
                _("km"),
            ),
            **self._downtime_charts(lang),
        }

    def _downtime_charts(self, lang: str) -> dict[str, dict]:
        way = self.true_downtime
        stages = way.overall.stages
        codes = list(stats_downtime.STAGE_LABELS)
        repeats = [t for t in self.repeats_by_job_type if t.resolved]
        return {
            "chart-way-stages": _chart(
                "bars",
                _("Stage"),
                [str(stats_downtime.STAGE_LABELS[c]) for c in codes],
                [
                    (_("Median"), [_hours(stages[c].p50) for c in codes], "blue"),
                    (_("90th percentile"), [_hours(stages[c].p90) for c in codes], "amber"),
                ],
                _("h"),
            ),
            "chart-way-places": _chart(
                "bars",
                _("Warehouse"),
                [g.label or _("Unknown") for g in way.places],
                [
                    (_("Median"), [_hours(g.total.p50) for g in way.places], "blue"),
                    (_("90th percentile"), [_hours(g.total.p90) for g in way.places], "amber"),
                ],
                _("h"),
            ),
            "chart-repeats": _chart(
                "bars",
                _("Job type"),
                [t.name(lang) for t in repeats],
                [(_("Came back"), [_share(t.share) for t in repeats], "red")],
                "%",
            ),
        }


def _chart(
    kind: str,
    x_label: str,
    labels: list[str],
    series: list[tuple],
    unit: str,
    integer: bool = False,
) -> dict:
    return {
        "kind": kind,
        "x_label": x_label,
        "labels": labels,
        "unit": unit,
        "integer": integer,
        "series": [_series(unit, integer, *one) for one in series],
    }


def _series(
    unit: str, integer: bool, label: str, values: list, color: str, texts: list | None = None
) -> dict:
    """One series of a chart, with the words its legend shows for each value, written as the
    tables beside it write them (durations by app.web.formatting.duration: "< 1 min")."""
    if texts is None and integer:  # a count reads as in the table; the axis names the unit
        texts = ["—" if v is None else number(v) for v in values]
    elif texts is None:
        texts = ["—" if v is None else f"{number(v, 1)} {unit}" for v in values]
    return {"label": str(label), "values": values, "color": COLORS[color], "texts": texts}


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def stats_report(filters: StatsFilters) -> StatsReport:
    """Compute every statistic of the page for the chosen period and warehouse."""
    statistics_session()
    scope = Scope.of(filters)
    people = stats_people.repairers(scope)
    return StatsReport(
        filters=filters,
        counts=stats_repairs.status_counts(scope),
        days=stats_repairs.per_day(scope),
        repair_durations=stats_repairs.repair_durations(scope),
        job_types=stats_repairs.job_types(scope),
        repairers=people[:TOP_REPAIRERS],
        repairers_total=len(people),
        hands_on_seconds=sum(r.hands_on_seconds for r in people),
        downtime=stats_scooters.downtime_totals(scope),
        most_downtime=stats_scooters.scooters(scope, by="downtime"),
        most_repaired=stats_scooters.scooters(scope, by="repairs"),
        km_between=stats_scooters.km_between(scope),
        true_downtime=stats_downtime.true_downtime(scope),
        complaint_rates=stats_complaints.complaint_rates(scope),
        repeats_by_job_type=stats_complaints.repeats_by_job_type(scope),
        repeats_by_repairer=stats_complaints.repeats_by_repairer(scope),
    )
