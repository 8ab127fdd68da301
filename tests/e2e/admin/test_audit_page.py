"""A manager reads the audit log: filters it, pages through it, downloads it as CSV."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.admin.audit_data import entry, people
from tests.e2e.conftest import screenshot, serious_accessibility_violations


def test_a_manager_filters_the_audit_log_and_downloads_it(manager_page):
    people()
    entry(0)
    entry(5, "rep-2", "veh-b", "headlight_on")
    entry(
        10,
        action="self_test",
        outcome="failed",
        error="drive_error",
        detail="car_offline: the car is offline (battery flat)",
    )
    entry(15, "rep-2", "veh-a", "open_lock", "denied", error="not_on_shift")
    entry(20, action="self_test", result={"passed": False, "errors": [{"code": "E10"}]})
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="Журнал команд"
    ).click()
    expect(page.locator("tbody tr")).to_have_count(5)
    page.get_by_text("Подробности").click()  # Drive's answer to the self-test
    screenshot(page, "admin-audit")
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Самокат").fill("0421")
    page.get_by_label("Итог").select_option("failed")
    page.get_by_role("button", name="Показать").click()

    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("car_offline: the car is offline")
    expect(page.locator("tbody .badge")).to_have_text("Не выполнена")
    screenshot(page, "admin-audit-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать CSV").click()
    data = open(download.value.path(), encoding="utf-8").read()
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:], newline=""), delimiter=";"))
    assert len(rows) == 2 and rows[1][6] == "Иван Петров" and rows[1][8] == "Не выполнена"


def test_a_bad_date_is_explained_on_the_form(manager_page):
    page = manager_page
    page.goto(page.url + "audit?date_from=2026-03-11&date_to=2026-03-01")

    expect(page.locator("#date_to-error")).to_have_text("Дата окончания раньше даты начала.")
    expect(page.get_by_label("По", exact=True)).to_have_attribute("aria-invalid", "true")
