"""Ending a repair that cannot be completed: the reason is one tap, on a real tablet browser."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Repair
from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.e2e.tablet.flows import RU, choose_warehouse, fresh_rows, log_in, type_number


def test_one_tap_on_a_common_reason_ends_the_repair_with_it(live_server, page, app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    log_in(page, live_server)
    choose_warehouse(page)
    type_number(page, "0007")
    page.get_by_role("button", name=RU.start_repair).click()
    page.get_by_text("Не удалось починить или отменить…").click()
    page.get_by_label("Комментарий (необязательно)").fill("ждём поставку")
    screenshot(page, "tablet-repair-end-reasons")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name="Нет запчастей").click()

    expect(page.locator(".badge-failed").first).to_be_visible()
    expect(page.get_by_text("Нет запчастей: ждём поставку")).to_be_visible()
    [repair] = fresh_rows(select(Repair))
    assert (repair.status, repair.comment) == ("failed", "Нет запчастей: ждём поставку")
