"""Every statistic against numbers worked out by hand from one small, known data set.

The period is 4-6 May 2026 (local dates). wh-1 is in Moscow (UTC+3): the period is
[3 May 21:00, 6 May 21:00) UTC there. wh-2 is in Novosibirsk (UTC+7): [3 May 17:00, 6 May 17:00)
UTC. All times below are UTC; durations in minutes.

    repair who   scooter place start        min  status     km    jobs (type start+length status)
    R0     rep-1 v-1     wh-1  05-01 06:00  40   completed  900   brake 0+15 done  (before)
    R1     rep-1 v-1     wh-1  05-04 06:00  60   completed  1000  brake 0+20 done, grips 25+15 fail
    R2     rep-1 v-1     wh-1  05-05 06:00  30   completed  1150  brake 5+10 done
    R3     rep-2 v-2     wh-1  05-05 20:30  90   completed  500   fenders 0+60 done (23:30 local)
    R4     rep-2 v-3     wh-1  05-06 07:00  120  failed     -     stem 0+30 done, brake 40+60 cancel
    R5     rep-1 v-1     wh-1  05-06 21:30  20   completed  1300  brake 0+10 done (7 May local)
    R6     rep-3 v-4     wh-2  05-03 18:00  45   completed  2000  brake 0+30 done (4 May local)
    R7     rep-3 v-4     wh-2  05-06 16:30  -    performing 2100  brake 0+20 done, grips 25+ running

"Now" is 7 May 00:00 UTC. Shifts: rep-1 at wh-1 05-03 19:00-23:00 (2 h inside), 05-04
05:00-13:00 (8 h), 05-06 20:00-05-07 04:00 (1 h inside) = 11 h; rep-2 at wh-1 from 05-05 18:00,
still open (27 h inside) and at wh-2 05-04 00:00-02:00 (2 h); rep-3 at wh-2 05-03 16:00-05-04
00:00 (7 h inside).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.manager.periods import Period
from app.manager.sql import percentiles
from app.manager.stats import people as stats_people
from app.manager.stats import repairs as stats_repairs
from app.manager.stats import scooters as stats_scooters
from app.manager.stats.scope import Scope
from app.mileage import km_since_same_job_update
from app.models import Job, JobType, Place, Repair, Status
from tests import factories
from tests.manager.factories import at, make_demo_history, make_repair, make_shift, make_vehicle

MIN = 60.0
HOUR = 3600.0
PERIOD = Period(date(2026, 5, 4), date(2026, 5, 6))
NOW = at("2026-05-07 00:00")


@pytest.fixture
def data(workshop):
    factories.make_place("wh-2", "Склад Новосибирск", "Asia/Novosibirsk")
    factories.make_user("rep-3", "Сергей Козлов")
    for vid, number in (("v-1", "0001"), ("v-2", "0002"), ("v-3", "0003"), ("v-4", "0004")):
        make_vehicle(vid, number)
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-01 06:00",
        40,
        mileage_km=900,
        jobs=[("brake_adjustment", 0, 15, "completed")],
    )
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-04 06:00",
        60,
        mileage_km=1000,
        jobs=[("brake_adjustment", 0, 20, "completed"), ("grips", 25, 15, "failed")],
    )
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-05 06:00",
        30,
        mileage_km=1150,
        jobs=[("brake_adjustment", 5, 10, "completed")],
    )
    make_repair(
        "rep-2",
        "v-2",
        "2026-05-05 20:30",
        90,
        mileage_km=500,
        jobs=[("fenders", 0, 60, "completed")],
    )
    make_repair(
        "rep-2",
        "v-3",
        "2026-05-06 07:00",
        120,
        status="failed",
        jobs=[("stem_play", 0, 30, "completed"), ("brake_adjustment", 40, 60, "cancelled")],
    )
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-06 21:30",
        20,
        mileage_km=1300,
        jobs=[("brake_adjustment", 0, 10, "completed")],
    )
    make_repair(
        "rep-3",
        "v-4",
        "2026-05-03 18:00",
        45,
        place_id="wh-2",
        mileage_km=2000,
        jobs=[("brake_adjustment", 0, 30, "completed")],
    )
    make_repair(
        "rep-3",
        "v-4",
        "2026-05-06 16:30",
        None,
        place_id="wh-2",
        mileage_km=2100,
        jobs=[("brake_adjustment", 0, 20, "completed"), ("grips", 25, None, "performing")],
    )
    make_shift("rep-1", "2026-05-03 19:00", 4)
    make_shift("rep-1", "2026-05-04 05:00", 8)
    make_shift("rep-1", "2026-05-06 20:00", 8)
    make_shift("rep-2", "2026-05-04 00:00", 2, place_id="wh-2")
    make_shift("rep-2", "2026-05-05 18:00", None)
    make_shift("rep-3", "2026-05-03 16:00", 8, place_id="wh-2")
    fill_km_since_same_type()


def fill_km_since_same_type() -> None:
    """What migration 0004 does for rows written before it (the factories write directly)."""
    db.session.execute(km_since_same_job_update())
    db.session.commit()


@pytest.fixture
def everywhere(data) -> Scope:
    return Scope(PERIOD, None, now=NOW)


@pytest.fixture
def wh1(data) -> Scope:
    return Scope(PERIOD, "wh-1", now=NOW)


def test_repairs_per_local_day_count_starts_and_ends_on_each_warehouse_date(everywhere):
    days = stats_repairs.per_day(everywhere)

    assert [(d.day.day, d.started, d.completed, d.failed) for d in days] == [
        (4, 2, 2, 0),  # R1, R6 (01:00 in Novosibirsk); R1 and R6 ended that day
        (5, 2, 1, 0),  # R2, R3 (23:30 in Moscow); R2 ended
        (6, 2, 1, 1),  # R4, R7; R3 ended at 01:00 Moscow time, R4 failed
    ]


def test_repairs_per_day_at_one_warehouse(wh1):
    days = stats_repairs.per_day(wh1)

    assert [(d.started, d.completed, d.failed) for d in days] == [(1, 1, 0), (2, 1, 0), (1, 1, 1)]


def test_status_counts(everywhere, wh1):
    everything, at_wh1 = stats_repairs.status_counts(everywhere), stats_repairs.status_counts(wh1)
    statuses = ("performing", "completed", "failed", "cancelled")

    assert everything.started == 6 and sum(everything.by_status.values()) == 6
    assert [everything[s] for s in statuses] == [1, 4, 1, 0]
    assert at_wh1.started == 4 and sum(at_wh1.by_status.values()) == 4
    assert [at_wh1[s] for s in statuses] == [0, 3, 1, 0]


def test_repair_duration_median_and_p90_interpolate_between_ranks(everywhere, wh1):
    # Completed: 30, 45, 60, 90 min. Median at rank 2.5: 52.5. p90 at rank 3.7: 60 + 0.7 * 30 = 81.
    overall = stats_repairs.repair_durations(everywhere)
    # At wh-1: 30, 60, 90. Median 60; p90 at rank 2.8: 60 + 0.8 * 30 = 84.
    local = stats_repairs.repair_durations(wh1)

    assert (overall.n, overall.p50, overall.p90) == (
        4,
        pytest.approx(52.5 * MIN),
        pytest.approx(81 * MIN),
    )
    assert (local.n, local.p50, local.p90) == (3, pytest.approx(60 * MIN), pytest.approx(84 * MIN))


def test_job_type_mix_and_durations(everywhere):
    types = {t.code: t for t in stats_repairs.job_types(everywhere)}

    assert list(types) == ["brake_adjustment", "grips", "fenders", "stem_play"]
    brake = types["brake_adjustment"]
    # R1, R2, R4 (cancelled), R6, R7; completed lengths 20, 10, 30, 20 -> sorted 10, 20, 20, 30.
    assert (brake.jobs, brake.completed, brake.share) == (5, 4, pytest.approx(5 / 9))
    assert brake.durations.p50 == pytest.approx(20 * MIN)
    assert brake.durations.p90 == pytest.approx(27 * MIN)  # rank 3.7: 20 + 0.7 * 10
    grips = types["grips"]
    assert (grips.jobs, grips.completed, grips.durations.n, grips.durations.p50) == (2, 0, 0, None)
    assert types["fenders"].durations.p90 == pytest.approx(60 * MIN)
    assert sum(t.jobs for t in types.values()) == 9


def test_repairers_hands_on_time_shift_time_and_utilisation(everywhere):
    people = {r.performer_id: r for r in stats_people.repairers(everywhere)}

    assert [r.performer_id for r in stats_people.repairers(everywhere)] == [
        "rep-2",
        "rep-3",
        "rep-1",
    ]
    assert (people["rep-1"].repairs, people["rep-1"].jobs) == (2, 3)
    assert people["rep-1"].hands_on_seconds == pytest.approx(45 * MIN)  # 20 + 15 failed + 10
    assert people["rep-1"].shift_seconds == pytest.approx(11 * HOUR)
    assert people["rep-1"].utilisation == pytest.approx(45 / 660)
    assert (people["rep-2"].repairs, people["rep-2"].jobs) == (2, 3)
    assert people["rep-2"].hands_on_seconds == pytest.approx(90 * MIN)  # cancelled job left out
    assert people["rep-2"].shift_seconds == pytest.approx(29 * HOUR)  # open shift cut at period end
    assert people["rep-2"].utilisation == pytest.approx(90 / (29 * 60))
    assert people["rep-3"].hands_on_seconds == pytest.approx(50 * MIN)  # 30 + 20; running job out
    assert people["rep-3"].shift_seconds == pytest.approx(7 * HOUR)
    assert people["rep-3"].utilisation == pytest.approx(50 / 420)


def test_jobs_running_at_the_same_time_count_their_hands_on_time_once(workshop):
    # rep-1's repair: brake 0-30, grips 10-40 (overlaps brake by 20), fenders 15-20 (inside
    # both), stem 60-70 failed (after a gap), brake 65-90 cancelled (left out). Union: 40 + 10.
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-05 06:00",
        90,
        jobs=[
            ("brake_adjustment", 0, 30, "completed"),
            ("grips", 10, 30, "completed"),
            ("fenders", 15, 5, "completed"),
            ("stem_play", 60, 10, "failed"),
            ("brake_adjustment", 65, 25, "cancelled"),
        ],
    )
    # rep-2, the same hours in another repair: not merged with rep-1's.
    make_repair(
        "rep-2", "v-2", "2026-05-05 06:10", 30, jobs=[("brake_adjustment", 0, 30, "completed")]
    )
    db.session.commit()

    people = {r.performer_id: r for r in stats_people.repairers(Scope(PERIOD, None, now=NOW))}

    assert people["rep-1"].hands_on_seconds == pytest.approx(50 * MIN)  # not 30+30+5+10 = 75
    assert people["rep-1"].jobs == 5
    assert people["rep-2"].hands_on_seconds == pytest.approx(30 * MIN)


def test_repairers_at_one_warehouse_count_only_its_work_and_shifts(wh1):
    people = {r.performer_id: r for r in stats_people.repairers(wh1)}

    assert set(people) == {"rep-1", "rep-2"}
    assert people["rep-2"].shift_seconds == pytest.approx(27 * HOUR)
    assert people["rep-2"].utilisation == pytest.approx(90 / (27 * 60))


def test_an_open_shift_counts_up_to_now(data):
    people = {
        r.performer_id: r
        for r in stats_people.repairers(Scope(PERIOD, "wh-1", now=at("2026-05-06 00:00")))
    }

    assert people["rep-2"].shift_seconds == pytest.approx(6 * HOUR)  # 05-05 18:00 to "now"


def test_scooter_downtime_totals_and_rankings(everywhere):
    totals = stats_scooters.downtime_totals(everywhere)
    longest = stats_scooters.scooters(everywhere, by="downtime")
    most = stats_scooters.scooters(everywhere, by="repairs")

    # v-1 60 + 30, v-2 90, v-3 120, v-4 45 + 450 (R7 performing since 16:30, now 00:00).
    assert (totals.scooters, totals.repairs) == (4, 6)
    assert totals.total_seconds == pytest.approx(795 * MIN)
    assert totals.per_scooter_seconds == pytest.approx(795 / 4 * MIN)
    assert totals.per_repair_seconds == pytest.approx(795 / 6 * MIN)
    assert [(s.number, s.repairs, round(s.downtime_seconds / MIN)) for s in longest] == [
        ("0004", 2, 495),
        ("0003", 1, 120),
        ("0001", 2, 90),
        ("0002", 1, 90),
    ]
    assert longest[0].average_seconds == pytest.approx(247.5 * MIN)
    assert [s.vehicle_id for s in most] == ["v-4", "v-1", "v-3", "v-2"]


def test_km_between_repairs_per_job_type(everywhere, wh1):
    # Brake adjustments with known mileage: v-1 900 (R0), 1000 (R1), 1150 (R2), 1300 (R5, after
    # the period); v-4 2000 (R6), 2100 (R7). In the period: R1 100, R2 150, R7 100 (R6 has no
    # predecessor). Fenders and stem play were done once; R4 has no mileage.
    overall = stats_scooters.km_between(everywhere)
    local = stats_scooters.km_between(wh1)

    assert [(k.code, k.intervals) for k in overall] == [("brake_adjustment", 3)]
    assert overall[0].average_km == pytest.approx(350 / 3)
    assert overall[0].median_km == pytest.approx(100)
    assert (local[0].intervals, local[0].average_km, local[0].median_km) == (2, 125, 125)


def test_an_empty_period_gives_zeros_not_errors(data):
    empty = Scope(Period(date(2025, 1, 1), date(2025, 1, 2)), None, now=NOW)

    assert [d.started for d in stats_repairs.per_day(empty)] == [0, 0]
    assert stats_repairs.repair_durations(empty).p50 is None
    assert stats_repairs.job_types(empty) == []
    assert stats_people.repairers(empty) == []
    assert stats_scooters.downtime_totals(empty).total_seconds == 0
    assert stats_scooters.km_between(empty) == []


def test_days_follow_daylight_saving_time(workshop):
    # Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026.
    factories.make_place("wh-de", "Lager Berlin", "Europe/Berlin")
    for start in ("2026-03-27 23:30", "2026-03-28 23:30", "2026-03-29 21:30", "2026-03-29 22:30"):
        make_repair("rep-1", "v-1", start, 10, place_id="wh-de")
    scope = Scope(Period(date(2026, 3, 28), date(2026, 3, 30)), "wh-de", now=NOW)

    days = stats_repairs.per_day(scope)

    # 00:30 on the 28th (UTC+1), 00:30 on the 29th (UTC+1), 23:30 on the 29th (UTC+2),
    # 00:30 on the 30th (UTC+2).
    assert [(d.day.day, d.started, d.completed) for d in days] == [
        (28, 1, 1),
        (29, 2, 2),
        (30, 1, 1),
    ]


def km_between_by_lookup(scope: Scope) -> list[tuple]:
    """The definition as first written: per row, a lookup of the scooter's previous repair with
    a completed job of the same type and a known mileage (41.8 s at fleet scale)."""
    bounds = scope.bounds
    done = (
        select(
            Repair.id, Repair.vehicle_id, Repair.started_at, Repair.mileage_km_at_start, Job.type
        )
        .distinct()
        .join(Repair, Repair.id == Job.repair_pk)
        .join(Place, Place.place_id == Repair.place_id)
        .join(bounds, and_(*scope.within(bounds, Repair.started_at)))
        .where(Job.status == Status.COMPLETED, Repair.mileage_km_at_start.is_not(None))
        .subquery("done")
    )
    earlier, its_job = aliased(Repair), aliased(Job)
    previous_km = (
        select(earlier.mileage_km_at_start)
        .where(
            earlier.vehicle_id == done.c.vehicle_id,
            earlier.mileage_km_at_start.is_not(None),
            or_(
                earlier.started_at < done.c.started_at,
                and_(earlier.started_at == done.c.started_at, earlier.id < done.c.id),
            ),
            exists()
            .where(
                its_job.repair_pk == earlier.id,
                its_job.type == done.c.type,
                its_job.status == Status.COMPLETED,
            )
            .correlate_except(its_job),
        )
        .order_by(earlier.started_at.desc(), earlier.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    chained = select(done.c.type, (done.c.mileage_km_at_start - previous_km).label("km")).subquery()
    intervals = select(chained.c.type, chained.c.km).where(chained.c.km.is_not(None)).subquery()
    medians = percentiles(intervals.c.type, intervals.c.km, (50,))
    query = (
        select(JobType.code, medians.c.n, medians.c.mean, medians.c.p50)
        .join(medians, medians.c.key == JobType.code)
        .order_by(JobType.position)
    )
    return [tuple(row) for row in db.session.execute(query)]


def test_km_between_from_the_stored_intervals_matches_the_lookup_definition(workshop):
    make_demo_history(days=40, seed=3)
    # Two repairs of one scooter starting at the same moment: the id breaks the tie.
    for km in (5000, 5100):
        make_repair(
            "rep-1",
            "v-tie",
            "2026-05-02 06:00",
            10,
            mileage_km=km,
            jobs=[("grips", 0, 5, "completed"), ("grips", 6, 2, "completed")],
        )
    make_repair("rep-1", "v-tie", "2026-05-03 06:00", 10, jobs=[("grips", 0, 5, "completed")])
    make_repair(
        "rep-1",
        "v-tie",
        "2026-05-04 06:00",
        10,
        mileage_km=5400,
        jobs=[("grips", 0, 5, "completed"), ("fenders", 6, 2, "failed")],
    )
    fill_km_since_same_type()
    today = Period.ending_today(30)
    scopes = [
        Scope(today),
        Scope(today, "wh-2"),
        Scope(Period(today.first, today.first)),
        Scope(Period(date(2026, 5, 1), date(2026, 5, 31))),
    ]

    for scope in scopes:
        stored = [
            (k.code, k.intervals, k.average_km, k.median_km)
            for k in stats_scooters.km_between(scope)
        ]
        expected = km_between_by_lookup(scope)
        assert [row[:2] for row in stored] == [row[:2] for row in expected]
        for got, want in zip(stored, expected, strict=True):
            assert got[2:] == pytest.approx(want[2:])
    may = stats_scooters.km_between(scopes[-1])
    assert [(k.code, k.intervals, k.median_km) for k in may] == [("grips", 2, 200)]


def _km_of(job_id: str) -> float | None:
    db.session.expire_all()
    return db.session.scalar(select(Job.km_since_same_type).where(Job.job_id == job_id))


def _say_mileage(repair_id: str, km: float) -> None:
    """As if Drive had reported `km` when the repair started."""
    db.session.execute(
        update(Repair).where(Repair.repair_id == repair_id).values(mileage_km_at_start=km)
    )
    db.session.commit()


def test_completing_a_job_records_the_km_since_the_same_job_type(api, workshop, simulator):
    vehicle = api.vehicle(1)
    assert api.start_repair("r-1", vehicle_id=vehicle).status_code == 201
    _say_mileage("r-1", 1000)
    api.start_job("j-1", "r-1", "grips")
    api.end_job("j-1")
    api.end_repair("r-1")
    assert api.start_repair("r-2", vehicle_id=vehicle).status_code == 201
    _say_mileage("r-2", 1250)
    for job_id, job_type, status in (
        ("j-2", "grips", None),
        ("j-3", "fenders", None),
        ("j-4", "brake_adjustment", "failed"),
    ):
        api.start_job(job_id, "r-2", job_type)
        api.end_job(job_id, status)

    assert _km_of("j-1") is None  # the scooter's first grips
    assert _km_of("j-2") == pytest.approx(250)
    assert _km_of("j-3") is None and _km_of("j-4") is None


def test_a_mileage_learnt_when_the_repair_ends_still_counts(api, workshop, simulator):
    vehicle = api.vehicle(1)
    api.start_repair("r-1", vehicle_id=vehicle)
    _say_mileage("r-1", 10)
    api.start_job("j-1", "r-1", "grips")
    api.end_job("j-1")
    api.end_repair("r-1")
    simulator.set_faults("down")
    assert api.start_repair("r-2", vehicle_id=vehicle).status_code == 201
    api.start_job("j-2", "r-2", "grips")
    api.end_job("j-2")
    assert _km_of("j-2") is None  # no mileage yet: Drive is down
    simulator.clear_faults()

    api.end_repair("r-2")  # Drive answers again: the mileage is snapshotted now

    mileage = db.session.scalar(select(Repair.mileage_km_at_start).where(Repair.repair_id == "r-2"))
    assert mileage is not None
    assert _km_of("j-2") == pytest.approx(mileage - 10)
