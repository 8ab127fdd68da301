"""A manager reads the true downtime on the statistics page, in Russian and in English: the
stages of the scooters' ways (tests/manager/test_stats_downtime.py tells the timelines), the
scooters idle longest now, and which repairs' complaints came back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.manager.factories import make_way_timelines

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def stats_page(live_server, page, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    make_way_timelines()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/login")
    page.get_by_label("Табельный номер").fill("boss")
    page.get_by_label("PIN-код").fill(factories.DEFAULT_PIN)
    page.get_by_role("button", name="Вход").click()
    expect(page.get_by_role("heading", name="Обзор")).to_be_visible()
    return page


def _stage(page, code: str):
    return page.locator(f"#way-stages tr[data-stage={code}] td")


def test_the_manager_reads_each_stage_of_the_way_in_russian_and_english(stats_page, live_server):
    page = stats_page
    page.goto(f"{live_server}/manager/stats")
    page.get_by_label("С", exact=True).fill("2026-05-04")
    page.get_by_label("По", exact=True).fill("2026-05-06")
    page.get_by_role("button", name="Показать").click()

    way = page.get_by_role(
        "heading", name="Полный простой: от первой жалобы до возвращения на линию"
    )
    expect(way).to_be_visible()
    tiles = page.locator("#way-tiles")
    expect(tiles.locator("li").first).to_have_text("3самокатов вернулись на линию")
    expect(tiles).to_contain_text("25 ч 00 мин")  # the median of 12 h 45 min, 25 h, 30 h
    expect(tiles).to_contain_text("29 ч 00 мин")  # the 90th percentile
    expect(_stage(page, "waiting_pickup")).to_have_text(["3", "4 ч 00 мин", "5 ч 36 мин"])
    expect(_stage(page, "in_transit")).to_have_text(["2", "45 мин", "57 мин"])
    expect(_stage(page, "waiting_warehouse")).to_have_text(["3", "2 ч 00 мин", "14 ч 48 мин"])
    expect(_stage(page, "in_repair")).to_have_text(["3", "1 ч 00 мин", "2 ч 12 мин"])
    expect(_stage(page, "waiting_out")).to_have_text(["3", "6 ч 00 мин", "15 ч 36 мин"])
    idle = page.locator("#idle-now tbody th")
    expect(idle).to_have_text(["0008", "0006", "0005", "0001"])  # oldest first
    expect(page.locator("#repeats-repairers tbody tr").first).to_contain_text("Иван Петров")
    expect(page.locator("#repeats-repairers tbody tr").first).to_contain_text("100 %")
    expect(page.locator("#h-way ~ .chart-pair .chart canvas")).to_have_count(2)
    page.evaluate("document.getElementById('h-way').scrollIntoView()")
    screenshot(page, "manager-stats-downtime")
    assert serious_accessibility_violations(page) == []

    page.locator('button.lang[lang="en"]').first.click()
    expect(
        page.get_by_role(
            "heading", name="True downtime: from the first complaint back to the street"
        )
    ).to_be_visible()
    waiting = page.locator("#way-stages tr[data-stage=waiting_warehouse]")
    expect(waiting.locator("th")).to_have_text("Waiting in the warehouse")
    expect(waiting.locator("td")).to_have_text(["3", "2 h 00 min", "14 h 48 min"])
    expect(page.locator("#way-stages tr[data-stage=total] td")).to_have_text(
        ["3", "25 h 00 min", "29 h 00 min"]
    )
    expect(page.locator("#way-places tbody th")).to_have_text(["Склад Север", "Склад Новосибирск"])
    expect(page.locator("#complaint-rates tbody tr").first).to_contain_text("Whole fleet")
    expect(page.locator("#complaint-rates tbody tr").first).to_contain_text("2.00")
