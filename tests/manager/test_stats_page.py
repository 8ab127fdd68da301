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
        "chart-way-stages",
        "chart-way-places",
        "chart-repeats",
    }
    days = charts["chart-days"]
    assert days["labels"] == ["04.05", "05.05"]
    assert [s["values"] for s in days["series"]] == [[1, 1], [1, 0], [0, 1]]
    assert charts["chart-mix"]["labels"] == ["Регулировка тормозов", "Грипсы (замена/очистка)"]
    assert charts["chart-mix"]["series"][0]["values"] == [2, 1]
    assert charts["chart-job-durations"]["series"][0]["values"] == [15.0, 30.0]  # medians, min
    # The legends read as the tables do: durations as the tables write them, counts as counts.
    assert charts["chart-job-durations"]["series"][0]["texts"] == ["15 мин", "30 мин"]
    assert [s["texts"] for s in days["series"]] == [["1", "1"], ["1", "0"], ["0", "1"]]
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


def _busy_repairers(count: int) -> None:
    """`count` repairers, rep-x01 the busiest (count minutes of work), down to 1 minute."""
    for n in range(1, count + 1):
        performer = f"rep-x{n:02d}"
        factories.make_user(performer, f"Ремонтник {n:02d}")
        make_repair(
            performer,
            f"v-x{n:02d}",
            "2026-05-04 06:00",
            count + 5,
            jobs=[("brake_adjustment", 0, count + 1 - n, "completed")],
        )


def test_the_busiest_25_repairers_are_listed_and_the_tile_counts_everyone(manager):
    _busy_repairers(30)  # 30 + 29 + ... + 1 = 465 minutes of hands-on time in all

    page = manager.get("/manager/stats?from=2026-05-04&to=2026-05-04").get_data(as_text=True)

    section = page.split('id="h-people"')[1].split("</section>")[0]
    names = re.findall(r"<th scope=\"row\"><a [^>]+>([^<]+)</a>", section)
    assert names == [f"Ремонтник {n:02d}" for n in range(1, 26)]
    assert _charts(page)["chart-utilisation"]["labels"] == names
    assert "Показаны 25 самых занятых из 30 ремонтников." in section
    assert re.search(r'tile-value">7,8 ч</span><span class="tile-label">время работы руками', page)
    assert 'href="/manager/stats/repairers.csv?from=2026-05-04&amp;to=2026-05-04"' in section


def test_with_few_repairers_all_are_listed_and_no_count_is_said(manager):
    _busy_repairers(3)

    page = manager.get("/manager/stats?from=2026-05-04&to=2026-05-04").get_data(as_text=True)

    assert "самых занятых" not in page
    assert "Скачать всех ремонтников в CSV" in page


def test_the_repairers_csv_has_everyone_for_the_same_period_and_warehouse(manager):
    _busy_repairers(30)
    factories.make_place("wh-2", "Склад Юг", "Europe/Samara")
    factories.make_user("rep-south", "=Южный Ремонтник")
    make_repair(
        "rep-south",
        "v-s",
        "2026-05-04 06:00",
        60,
        place_id="wh-2",
        jobs=[("grips", 0, 45, "completed")],
    )
    make_shift("rep-south", "2026-05-04 05:00", 8, place_id="wh-2")

    everywhere = manager.get("/manager/stats/repairers.csv?from=2026-05-04&to=2026-05-04")
    body = everywhere.get_data(as_text=True)  # streamed: read before the next request
    south = manager.get("/manager/stats/repairers.csv?from=2026-05-04&to=2026-05-04&place=wh-2")

    assert everywhere.status_code == 200 and everywhere.mimetype == "text/csv"
    assert 'filename="repairers-20260504-20260504.csv"' in everywhere.headers["Content-Disposition"]
    assert body.startswith("\ufeff")
    lines = body[1:].split("\r\n")
    assert lines[0] == (
        "Табельный номер;Ремонтник;Ремонты;Работы;Руками, ч;На смене, ч;Загрузка, %"
    )
    assert len([line for line in lines[1:] if line]) == 31
    assert lines[1] == "rep-south;'=Южный Ремонтник;1;1;0,75;8;9,4"  # 45 min of 8 h
    assert lines[2] == "rep-x01;Ремонтник 01;1;1;0,5;0;"  # no shift: no utilisation
    rows = south.get_data(as_text=True)[1:].split("\r\n")[1:]
    assert [row.split(";")[0] for row in rows if row] == ["rep-south"]


def test_a_repairer_cannot_download_the_repairers_csv(client, workshop):
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    assert client.get("/manager/stats/repairers.csv").status_code == 403


def test_field_repairs_are_counted_apart(manager, api):
    points = [{"vehicle_id": api.vehicle(2)}]
    mission = {"mission_id": "m-1", "performer_id": "rep-2", "place_id": "wh-1", "points": points}
    api.post("/api/missions", mission)
    api.start_repair("in-shop")
    field = {"repair_id": "f-1", "performer_id": "rep-2", "vehicle_id": api.vehicle(2)}
    api.post("/api/repair/start", field | {"mission_id": "m-1"})

    page = manager.get("/manager/stats?days=7").get_data(as_text=True)

    tile = re.search(r'tile-field"><span class="tile-value">(\d+)</span>', page)
    assert tile is not None and tile.group(1) == "1"
    assert "из них на выезде" in page
