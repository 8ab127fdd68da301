"""True downtime, complaints per 1,000 km and repeat failures, against hand-built timelines.

The period is 4-6 May 2026 (local dates); wh-1 is in Moscow (UTC+3), wh-2 in Novosibirsk
(UTC+7). "Now" is 7 May 00:00 UTC. All times UTC.

    scooter place complaint  picked up  arrived    repairs (start+min)          back / end
    v-1     wh-1  05-03 10:00 05-03 14:00 05-03 15:00 05-04 09:00+60           05-04 16:00
            stages 4 h, 1 h, 18 h, 1 h, 6 h = 30 h (released 05-04 11:00)
    v-2     wh-1  05-04 08:00 05-04 10:00 05-04 10:30 05-04 12:30+30, 14:00+60  05-05 09:00
            stages 2 h, 30 min, 2 h, 2 h 30 min (to the 2nd repair's end), 18 h = 25 h
    v-3     wh-2  05-05 00:00 -           05-05 06:00 05-05 07:00+45           05-05 12:45
            stages 6 h (no pick-up recorded: runs to the arrival), -, 1 h, 45 min, 5 h
    v-4     wh-1  05-04 12:00 05-04 13:00 05-04 14:00 -                        left 05-05 10:00
    v-5     wh-1  05-06 06:00 05-06 08:00 05-06 09:00 -                        open (18 h)
    v-6     -     05-05 20:00 -           -           -                        open (28 h)
    v-7     wh-1  05-01 10:00 -           05-01 12:00 05-01 13:00+30           05-02 09:00 (before)
    v-8     wh-1  05-05 10:00 -           05-05 11:00 05-05 12:00+30, released 13:00: open (38 h)
    v-9     wh-1  05-06 18:00 -           05-06 19:00 05-06 19:30+30           05-06 21:30
            (back on 7 May local: after the period)

v-1 breaks again on 05-06 20:00 (open: idle 4 h, waiting for pick-up): the complaint its
repair resolved (by rep-1, a brake adjustment) came back within 30 days.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.manager.filters import StatsFilters
from app.manager.periods import Period
from app.manager.stats import complaints as stats_complaints
from app.manager.stats import downtime as stats_downtime
from app.manager.stats import report_json
from app.manager.stats.report import stats_report
from app.manager.stats.scope import Scope
from tests import factories
from tests.manager.factories import at, make_way_timelines
from tests.support.pages import log_in, post_form

MIN = 60.0
HOUR = 3600.0
PERIOD = Period(date(2026, 5, 4), date(2026, 5, 6))
NOW = at("2026-05-07 00:00")


@pytest.fixture
def timelines(workshop):
    make_way_timelines()


def _downtime(place_id=None):
    return stats_downtime.true_downtime(Scope(PERIOD, place_id, NOW))


def _stats(d):
    return (d.n, d.p50, d.p90)


def test_each_way_is_cut_into_its_stages(timelines):
    way = _downtime()
    longest = {row.vehicle_id: row for row in way.longest}
    assert [row.vehicle_id for row in way.longest] == ["v-1", "v-2", "v-3"]
    assert [longest[v].seconds for v in ("v-1", "v-2", "v-3")] == [
        30 * HOUR,
        25 * HOUR,
        12.75 * HOUR,
    ]
    assert longest["v-1"].stage == "waiting_warehouse"  # 18 h of its 30
    assert longest["v-2"].stage == "waiting_out"  # 18 h of its 25
    assert way.left_unrepaired == 1  # v-4; v-7 ended before the period, v-9 after it


def test_medians_and_90th_percentiles_of_each_stage(timelines):
    overall = _downtime().overall
    assert overall.ways == 3
    # 12.75, 25, 30 h: the median is the middle one, p90 sits 0.8 of the way from 25 to 30.
    assert _stats(overall.total) == (3, 25 * HOUR, 29 * HOUR)
    stages = {code: _stats(d) for code, d in overall.stages.items()}
    assert stages == {
        "waiting_pickup": (3, 4 * HOUR, 5 * HOUR + 36 * MIN),  # 2, 4, 6 h
        "in_transit": (2, 45 * MIN, 57 * MIN),  # 30 min, 1 h (v-3's pick-up unrecorded)
        "waiting_warehouse": (3, 2 * HOUR, 14 * HOUR + 48 * MIN),  # 1, 2, 18 h
        "in_repair": (3, 1 * HOUR, 2 * HOUR + 12 * MIN),  # 45 min, 1 h, 2 h 30 min
        "waiting_out": (3, 6 * HOUR, 15 * HOUR + 36 * MIN),  # 5, 6, 18 h
    }


def test_per_warehouse_and_model(timelines):
    way = _downtime()
    places = {g.key: (g.label, g.ways, g.total.p50) for g in way.places}
    assert places == {
        "wh-1": ("Склад Север", 2, 27.5 * HOUR),
        "wh-2": ("Склад Новосибирск", 1, 12.75 * HOUR),
    }
    models = {g.key: (g.ways, g.total.p50) for g in way.models}
    assert models == {"Ninebot Max": (2, 27.5 * HOUR), "Ninebot G30": (1, 12.75 * HOUR)}
    only_wh2 = _downtime("wh-2")
    assert (only_wh2.overall.ways, only_wh2.overall.total.p50) == (1, 12.75 * HOUR)
    assert only_wh2.overall.stages["waiting_pickup"].p50 == 6 * HOUR


def test_idle_longest_now_oldest_first_with_their_stage(timelines):
    idle = [(r.vehicle_id, r.seconds, r.stage) for r in _downtime().idle_now]
    assert idle == [
        ("v-8", 38 * HOUR, "waiting_out"),
        ("v-6", 28 * HOUR, "waiting_pickup"),
        ("v-5", 18 * HOUR, "waiting_warehouse"),
        ("v-1", 4 * HOUR, "waiting_pickup"),
    ]
    # A warehouse's own: those scanned in there (not the ones still in the city).
    assert [r.vehicle_id for r in _downtime("wh-1").idle_now] == ["v-8", "v-5"]


def test_complaints_per_1000_km(timelines):
    rates = stats_complaints.complaint_rates(Scope(PERIOD, None, NOW))
    # v-1: 1000 km at its repair (05-04 09:00), 1200 km read 05-06 20:30, one complaint between.
    # v-2: 500 km at its first repair, 800 km read 05-06 10:00, no complaint between.
    fleet = rates[0]
    assert (fleet.scooters, fleet.km, fleet.complaints, fleet.per_1000_km) == (2, 500.0, 1, 2.0)
    assert [(r.model, r.km, r.complaints) for r in rates[1:]] == [("Ninebot Max", 500.0, 1)]


def test_repeat_failures_per_job_type_and_repairer(timelines):
    scope = Scope(PERIOD, None, NOW)
    types = {t.code: (t.resolved, t.repeated) for t in stats_complaints.repeats_by_job_type(scope)}
    # Resolved in the period: v-1 (brakes, rep-1, came back on 05-06), v-2 (grips, rep-2),
    # v-3 (brakes, rep-3), v-9 (brakes, rep-2, 05-06 20:00 UTC is still 6 May in Moscow).
    assert types == {"brake_adjustment": (3, 1), "grips": (1, 0)}
    people = [
        (p.performer_id, p.resolved, p.repeated)
        for p in stats_complaints.repeats_by_repairer(scope)
    ]
    assert people == [("rep-1", 1, 1), ("rep-2", 2, 0), ("rep-3", 1, 0)]


def test_the_stored_report_reads_back_with_its_downtime(timelines):
    filters = StatsFilters(PERIOD)
    report = stats_report(filters)
    assert report.true_downtime.overall.ways == 3

    assert report_json.load(report_json.dump(report), filters) == report


def test_the_page_shows_the_stages_in_russian_and_english(client, timelines):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    url = "/manager/stats?from=2026-05-04&to=2026-05-06"

    russian = client.get(url).get_data(as_text=True)
    post_form(client, "/language/en", {"next": url})
    english = client.get(url).get_data(as_text=True)

    assert "Полный простой: от первой жалобы до возвращения на линию" in russian
    assert "Ждёт на складе" in russian and "Повторные поломки по видам работ" in russian
    assert "True downtime: from the first complaint back to the street" in english
    assert "Waiting in the warehouse" in english and "Whole fleet" in english


def test_the_command_prints_the_true_downtime_of_the_last_days(runner, timelines):
    result = runner.invoke(args=["stats", "downtime", "--days", "366"])  # May 2026 included

    assert result.exit_code == 0, result.output
    # With v-7 (23 h) and v-9 (3 h 30 min): 3.5, 12.75, 23, 25, 30 h.
    assert "5 ways back on the street, median 23.0 h, p90 28.0 h, 1 left unrepaired" in (
        result.output
    )
    refused = runner.invoke(args=["stats", "downtime", "--days", "many"])
    assert refused.exit_code == 2 and "many" in refused.output
