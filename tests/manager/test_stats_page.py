"""The statistics page: its period and warehouse, its tables and the chart data beside them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from app.clock import utcnow
from tests import factories
from tests.manager.factories import make_repair, make_shift
from tests.support.pages import log_in, post_form


@pytest.fixture
def manager(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    return client


def _charts(page: str) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S)
    return {name: json.loads(body) for name, body in blocks}


def test_the_page_shows_the_period_numbers_and_matching_chart_data(manager):
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-04 06:00",
        60,
        jobs=[("brake_adjustment", 0, 20, "completed"), ("grips", 25, 30, "completed")],
    )
    make_repair(
        "rep-2",
        "v-2",
        "2026-05-05 06:00",
        30,
        status="failed",
        jobs=[("brake_adjustment", 0, 10, "completed")],
    )
    make_shift("rep-1", "2026-05-04 05:00", 8)

    page = manager.get("/manager/stats?from=2026-05-04&to=2026-05-05").get_data(as_text=True)
    charts = _charts(page)

    assert set(charts) == {
        "chart-days",
        "chart-mix",
        "chart-job-durations",
        "chart-utilisation",
        "chart-km",
    }
    days = charts["chart-days"]
    assert days["labels"] == ["04.05", "05.05"]
    assert [s["values"] for s in days["series"]] == [[1, 1], [1, 0], [0, 1]]
    assert charts["chart-mix"]["labels"] == ["Регулировка тормозов", "Грипсы (замена/очистка)"]
    assert charts["chart-mix"]["series"][0]["values"] == [2, 1]
    assert charts["chart-job-durations"]["series"][0]["values"] == [15.0, 30.0]  # medians, min
    utilisation = charts["chart-utilisation"]
    assert utilisation["labels"][0] == "Иван Петров"
    assert utilisation["series"][0]["values"][0] == pytest.approx(10.4)  # 50 min / 8 h
    assert "10 %" in page and "0,8 ч" in page  # the same numbers in the table
    assert '<option value="wh-1" selected>' not in page


def test_the_default_period_is_the_last_thirty_days(manager):
    make_repair("rep-1", "v-1", f"{utcnow() - timedelta(days=1):%Y-%m-%d %H:%M}", 30)

    page = manager.get("/manager/stats").get_data(as_text=True)

    assert len(_charts(page)["chart-days"]["labels"]) == 30
    assert re.search(r'tile-value">1</span><span class="tile-label">ремонтов начато', page)


def test_quick_periods_and_a_warehouse(manager):
    factories.make_place("wh-2", "Склад Юг", "Asia/Novosibirsk")

    page = manager.get("/manager/stats?days=7&place=wh-2").get_data(as_text=True)

    assert len(_charts(page)["chart-days"]["labels"]) == 7
    assert '<option value="wh-2" selected>' in page


def test_a_bad_period_is_said_and_the_default_shown(manager):
    page = manager.get("/manager/stats?from=2026-05-10&to=2026-05-01").get_data(as_text=True)

    assert "Начало периода позже его конца." in page
    assert len(_charts(page)["chart-days"]["labels"]) == 30


def test_the_page_speaks_english_too(manager):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", 90, jobs=[("grips", 0, 20, "completed")])
    post_form(manager, "/language/en", {"next": "/manager/stats"})

    page = manager.get("/manager/stats?from=2026-05-04&to=2026-05-04").get_data(as_text=True)

    assert "Repairs per day" in page and 'lang="en"' in page
    assert _charts(page)["chart-mix"]["labels"] == ["Grips (replace/clean)"]
    assert "1 h 30 min" in page


def test_charts_load_only_vendored_scripts_and_no_inline_code(manager):
    page = manager.get("/manager/stats").get_data(as_text=True)

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    for attributes, body in scripts:
        assert 'type="application/json"' in attributes or body.strip() == ""
    assert "vendor/uplot-1.6.32/uPlot.iife.min.js" in page
    assert "style=" not in page and "hx-on" not in page
