"""Every tablet screen: screenshot at 1280×800, no serious accessibility problems, and no
horizontal scrolling in portrait (800×1280) or on a phone (390×844)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import TABLET, screenshot, serious_accessibility_violations
from tests.e2e.tablet.flows import PHONE, PORTRAIT, RU, no_horizontal_scroll, on_shift, type_number


@pytest.fixture
def workshop(app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_place("wh-2", "Склад Юг")
    factories.make_place("wh-3", "Склад Восток")
    factories.make_user("rep-1", "Иван Петров")
    factories.make_user("rep-2", "Пётр Иванов")


def check(page, name: str | None) -> None:
    """Keep a screenshot, run axe, and check the three sizes for horizontal scrolling."""
    if name:
        screenshot(page, name)
    assert serious_accessibility_violations(page) == []
    for size in (PORTRAIT, PHONE, TABLET):
        page.set_viewport_size(size)
        assert no_horizontal_scroll(page), f"{page.url} scrolls sideways at {size}"


def test_warehouse_and_find_screens(live_server, page, workshop):
    from tests.e2e.tablet.flows import log_in

    log_in(page, live_server)
    expect(page.get_by_role("heading", name=RU.where)).to_be_visible()
    check(page, "tablet-place")

    page.get_by_role("button", name="Склад Север").click()
    expect(page.locator("#q")).to_be_visible()
    check(page, "tablet-find")

    type_number(page, "9999")
    expect(page.get_by_role("alert")).to_have_text("Самоката с номером 9999 нет.")
    expect(page.locator("#q")).to_have_value("9999")
    check(page, "tablet-find-unknown")


def test_card_and_repair_screens(live_server, page, workshop, simulator):
    page.on("dialog", lambda dialog: dialog.accept())
    on_shift(page, live_server)
    type_number(page, "0421")
    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible()
    check(page, "tablet-card")

    page.get_by_role("button", name=RU.start_repair).click()
    expect(page.locator("#jobs")).to_be_visible()
    check(page, "tablet-repair")

    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()
    page.locator("#commands").get_by_role("button", name="Открыть батарейный отсек").click()
    expect(page.locator(".command-report")).to_contain_text("Батарейный отсек: открыт")
    simulator.set_faults("timeout", scope="commands")
    page.locator("#commands").get_by_role("button", name="Заблокировать колесо").click()
    expect(page.locator(".command-report")).to_contain_text("проверьте самокат")
    simulator.clear_faults()
    page.get_by_text("Не удалось починить или отменить…").click()
    check(page, "tablet-repair-command-unknown")

    page.set_viewport_size(PORTRAIT)
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "tablet-repair-portrait")
    page.set_viewport_size(PHONE)
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "tablet-repair-phone")
    page.set_viewport_size(TABLET)


def test_someone_elses_scooter_and_repair(live_server, page, workshop, simulator):
    on_shift(page, live_server, "rep-2")
    type_number(page, "0007")
    page.get_by_role("button", name=RU.start_repair).click()
    expect(page.locator("#jobs")).to_be_visible()
    repair_url = page.url
    page.get_by_role("button", name="Выйти").click()

    on_shift(page, live_server, "rep-1")
    type_number(page, "0007")
    expect(page.get_by_text("Сейчас его ремонтирует Пётр Иванов")).to_be_visible()
    expect(page.get_by_role("button", name=RU.start_repair)).to_have_count(0)
    check(page, "tablet-card-busy")

    page.goto(repair_url)
    expect(page.get_by_role("heading", name="Этот ремонт ведёт Пётр Иванов.")).to_be_visible()
    check(page, None)
