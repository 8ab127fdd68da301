"""Precomputed statistics: what a manager sees when the report is fresh, old, being computed
by someone else, or not there yet. Here snapshots are on (tests elsewhere compute inline)."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from app.clock import utcnow
from app.extensions import db
from app.manager.filters import StatsFilters
from app.manager.periods import Period
from app.manager.stats import cache as stats_cache
from app.manager.stats import report_json as stats_json
from app.manager.stats.report import stats_report
from app.models import StatsSnapshot
from tests import factories
from tests.manager.factories import make_repair, make_shift
from tests.support.pages import csrf_token, log_in

PAGE = "/manager/stats?from=2026-05-04&to=2026-05-06"
KEY = "2026-05-04/2026-05-06/"
STARTED = re.compile(r'tile-value">(\d+)</span><span class="tile-label">ремонтов начато')
AS_OF = re.compile(r"Данные на (\d\d:\d\d)\.")


@pytest.fixture
def app_config(app_config):
    return app_config | {"STATS_MAX_AGE_SECONDS": 300, "STATS_WAIT_SECONDS": 10}


@pytest.fixture(autouse=True)
def _no_refresh_outlives_its_test(app):
    yield
    stats_cache.wait_for_refreshes()
    stats_cache._failed.clear()


@pytest.fixture
def manager(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    make_repair("rep-1", "v-1", "2026-05-04 06:00", 60, jobs=[("grips", 0, 20, "completed")])
    return client


@pytest.fixture
def computations(monkeypatch):
    """Counts report computations; `gate` holds them until set (a slow database)."""
    gate, calls, real = threading.Event(), [], stats_cache.compute
    gate.set()

    def counted(filters):
        calls.append(stats_cache.scope_key(filters))
        gate.wait(30)  # a safety net: every test opens the gate itself
        return real(filters)

    monkeypatch.setattr(stats_cache, "compute", counted)
    yield SimpleNamespace(gate=gate, calls=calls)
    gate.set()


def _started(page: str) -> int:
    return int(STARTED.search(page).group(1))


def _age(minutes: float, claimed_minutes_ago: float | None = None) -> None:
    """Make the stored report `minutes` old (and claimed that long ago, if given)."""
    now = utcnow()
    claimed = None if claimed_minutes_ago is None else now - timedelta(minutes=claimed_minutes_ago)
    db.session.execute(
        update(StatsSnapshot)
        .where(StatsSnapshot.key == KEY)
        .values(computed_at=now - timedelta(minutes=minutes), refreshing_since=claimed)
    )
    db.session.commit()


def _snapshot() -> StatsSnapshot:
    db.session.expire_all()
    return db.session.scalars(select(StatsSnapshot).where(StatsSnapshot.key == KEY)).one()


def test_a_first_view_waits_for_the_report_and_says_when_it_was_computed(manager, computations):
    page = manager.get(PAGE).get_data(as_text=True)

    assert _started(page) == 1
    moscow = utcnow() + timedelta(hours=3)
    assert AS_OF.search(page).group(1) in {
        f"{moscow:%H:%M}",
        f"{moscow - timedelta(minutes=1):%H:%M}",
    }
    assert computations.calls == [KEY]
    assert "Готовится более свежий отчёт" not in page


def test_a_fresh_report_is_served_from_the_snapshot_without_computing(manager, computations):
    manager.get(PAGE)
    make_repair("rep-2", "v-2", "2026-05-05 06:00", 30, jobs=[("grips", 0, 10, "completed")])

    page = manager.get(PAGE).get_data(as_text=True)

    assert _started(page) == 1  # as of the snapshot: the new repair shows after a refresh
    assert computations.calls == [KEY]


def test_a_stale_report_is_shown_at_once_then_refreshed_behind_the_page(manager, computations):
    manager.get(PAGE)
    make_repair("rep-2", "v-2", "2026-05-05 06:00", 30, jobs=[("grips", 0, 10, "completed")])
    _age(minutes=6)
    computations.gate.clear()  # the refresh is slow: the page must not wait for it

    stale = manager.get(PAGE).get_data(as_text=True)
    computations.gate.set()
    stats_cache.wait_for_refreshes()
    fresh = manager.get(PAGE).get_data(as_text=True)

    assert _started(stale) == 1
    assert "Готовится более свежий отчёт" in stale
    assert _started(fresh) == 2
    assert "Готовится более свежий отчёт" not in fresh
    assert computations.calls == [KEY, KEY]
    assert _snapshot().refreshing_since is None


def test_only_one_worker_recomputes_a_stale_report(manager, computations):
    manager.get(PAGE)
    _age(minutes=6)
    computations.gate.clear()

    pages = [manager.get(PAGE).get_data(as_text=True) for _ in range(3)]
    assert computations.calls == [KEY, KEY]  # the first view and one refresh, not three
    assert _snapshot().refreshing_since is not None
    computations.gate.set()

    assert all(_started(page) == 1 for page in pages)


def test_a_claim_by_another_worker_is_respected_until_it_is_abandoned(manager, computations):
    manager.get(PAGE)
    _age(minutes=6, claimed_minutes_ago=1)  # another worker is at it

    manager.get(PAGE)
    stats_cache.wait_for_refreshes()
    assert computations.calls == [KEY]

    _age(minutes=30, claimed_minutes_ago=20)  # that worker died long ago
    manager.get(PAGE)
    stats_cache.wait_for_refreshes()
    assert computations.calls == [KEY, KEY]
    assert utcnow() - _snapshot().computed_at < timedelta(minutes=1)


def test_a_slow_first_report_shows_a_page_that_reloads_itself_never_an_error(
    app, manager, computations
):
    app.config["STATS_WAIT_SECONDS"] = 0.2
    computations.gate.clear()

    response = manager.get(PAGE)
    waiting = response.get_data(as_text=True)
    again = manager.get(PAGE).get_data(as_text=True)  # a reload while it still computes
    computations.gate.set()
    stats_cache.wait_for_refreshes()
    ready = manager.get(PAGE).get_data(as_text=True)

    assert response.status_code == 202
    assert "Отчёт готовится…" in waiting and '<meta http-equiv="refresh" content="5">' in waiting
    assert "tile-value" not in waiting
    assert "Отчёт готовится…" in again
    assert computations.calls == [KEY]  # the reload did not start a second computation
    assert _started(ready) == 1 and "Отчёт готовится" not in ready


def test_refresh_now_recomputes_and_shows_the_same_period_again(manager, computations):
    manager.get(PAGE)
    make_repair("rep-2", "v-2", "2026-05-05 06:00", 30, jobs=[("grips", 0, 10, "completed")])

    response = manager.post(
        "/manager/stats/refresh",
        data={"csrf_token": csrf_token(manager), "from": "2026-05-04", "to": "2026-05-06"},
    )
    page = manager.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 303
    assert response.headers["Location"] == "/manager/stats?from=2026-05-04&to=2026-05-06"
    assert _started(page) == 2
    assert computations.calls == [KEY, KEY]


def test_refresh_now_needs_the_form_token(manager):
    response = manager.post("/manager/stats/refresh", data={"from": "2026-05-04"})

    assert response.status_code == 400


def test_a_failed_computation_says_so_and_is_tried_again_a_minute_later(app, manager, monkeypatch):
    def broken(filters):
        raise RuntimeError("database went away")

    monkeypatch.setattr(stats_cache, "compute", broken)
    page = manager.get(PAGE)
    stats_cache.wait_for_refreshes()
    again = manager.get(PAGE)  # at once: not retried, the manager is told
    monkeypatch.undo()
    assert _snapshot().refreshing_since is None

    assert page.status_code == 503 and again.status_code == 503
    assert "Отчёт не удалось посчитать" in again.get_data(as_text=True)
    assert '<meta http-equiv="refresh"' not in again.get_data(as_text=True)
    stats_cache._failed[KEY] -= stats_cache.RETRY_FAILED_AFTER  # a minute has passed
    assert _started(manager.get(PAGE).get_data(as_text=True)) == 1


def test_the_stored_report_reads_back_exactly(manager):
    make_repair(
        "rep-2",
        "v-1",
        "2026-05-05 06:00",
        30,
        mileage_km=1200,
        status="failed",
        jobs=[("grips", 0, 10, "completed"), ("fenders", 12, None, "cancelled")],
    )
    make_shift("rep-2", "2026-05-05 05:00", 8)
    filters = StatsFilters(Period(date(2026, 5, 4), date(2026, 5, 6)))
    report = stats_report(filters)

    assert stats_json.load(stats_json.dump(report), filters) == report
    assert stats_json.load('{"format": 0, "report": {}}', filters) is None


def test_the_refresh_command_warms_the_default_view_and_what_was_viewed(
    app, manager, computations, runner
):
    manager.get(PAGE)
    manager.get("/manager/stats?from=2026-05-04&to=2026-05-04&place=wh-1")
    default = stats_cache.scope_key(StatsFilters(Period.ending_today()))

    result = runner.invoke(args=["stats", "refresh"])

    assert result.exit_code == 0, result.output
    assert f"{default}: " in result.output
    assert f"{KEY}: " in result.output and "2026-05-04/2026-05-04/wh-1: " in result.output
    assert computations.calls[2:] == [default, "2026-05-04/2026-05-04/wh-1", KEY]
    stored = db.session.scalars(select(StatsSnapshot.key).where(StatsSnapshot.report.is_not(None)))
    assert set(stored) == {default, KEY, "2026-05-04/2026-05-04/wh-1"}


def test_a_worker_computes_at_most_two_reports_at_once_and_says_the_third_is_coming(
    app, manager, computations
):
    app.config["STATS_WAIT_SECONDS"] = 0.2
    computations.gate.clear()
    first = manager.get("/manager/stats?from=2026-05-01&to=2026-05-02")
    second = manager.get("/manager/stats?from=2026-05-01&to=2026-05-03")

    third = manager.get(PAGE)

    computations.gate.set()
    stats_cache.wait_for_refreshes()
    app.config["STATS_WAIT_SECONDS"] = 10
    assert (first.status_code, second.status_code, third.status_code) == (202, 202, 202)
    assert "Отчёт готовится…" in third.get_data(as_text=True)
    assert KEY not in computations.calls and len(computations.calls) == 2
    assert _started(manager.get(PAGE).get_data(as_text=True)) == 1  # its turn came on reload


def test_a_stored_report_of_another_shape_counts_as_missing(manager):
    manager.get(PAGE)
    db.session.execute(update(StatsSnapshot).values(report='{"format": 1, "report": {}}'))
    db.session.commit()

    page = manager.get(PAGE)

    assert page.status_code == 200 and _started(page.get_data(as_text=True)) == 1
