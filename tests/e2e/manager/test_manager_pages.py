"""A new manager's first visit, in a desktop browser: log in, read the overview, open the
statistics, change the period and the warehouse, search the history, open a scooter, and end a
forgotten repair. Screenshots land in docs/screenshots/manager-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.clock import utcnow
from app.extensions import db
from app.mileage import km_since_same_job_update
from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.manager.factories import make_demo_history, make_repair

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def manager_page(live_server, page, workshop):
    """The demo manager, logged in on a desktop-sized window, over a few weeks of history."""
    factories.make_user("boss", "Анна Смирнова", role="manager")
    make_demo_history()
    db.session.execute(km_since_same_job_update())  # as the app does when jobs complete
    db.session.commit()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/login")
    page.get_by_label("Табельный номер").fill("boss")
    page.get_by_label("PIN-код").fill(factories.DEFAULT_PIN)
    page.get_by_role("button", name="Вход").click()
    expect(page.get_by_role("heading", name="Обзор")).to_be_visible()
    return page


def _no_serious_violations(page) -> None:
    assert serious_accessibility_violations(page) == []


def test_the_overview_shows_open_repairs_and_the_week(manager_page):
    page = manager_page

    expect(page.locator("#open-repairs tbody tr")).to_have_count(2)
    expect(page.locator("#open-repairs tr.is-stale")).to_contain_text("Сергей Козлов")
    screenshot(page, "manager-overview")
    _no_serious_violations(page)


def test_statistics_for_another_period_and_one_warehouse(manager_page):
    page = manager_page
    page.get_by_role("navigation", name="Страницы руководителя").get_by_role(
        "link", name="Статистика"
    ).click()

    expect(page.get_by_role("heading", name="Статистика", exact=True)).to_be_visible()
    expect(page.locator(".chart canvas")).to_have_count(6)  # every chart with data (no ways here)
    expect(page.locator("#stats-as-of")).to_contain_text(re.compile(r"Данные на \d\d:\d\d\."))
    expect(page.locator("section[aria-labelledby=h-people] .table-wrap tbody tr")).to_have_count(4)
    screenshot(page, "manager-stats")
    _no_serious_violations(page)

    page.get_by_role("link", name="последние 7 дней").click()
    expect(page.locator("#s-from")).not_to_have_value("")
    page.get_by_label("Склад", exact=True).select_option(label="Склад Юг")
    page.get_by_role("button", name="Показать").click()

    expect(page).to_have_url(re.compile(r"place=wh-2"))
    expect(page.get_by_label("Склад", exact=True)).to_have_value("wh-2")
    people = page.locator("section[aria-labelledby=h-people] .table-wrap tbody th")
    expect(people).to_have_count(2)
    expect(people.first).to_contain_text(re.compile("Сергей Козлов|Мария Орлова"))
    page.locator("#h-types").scroll_into_view_if_needed()
    screenshot(page, "manager-stats-warehouse")


def test_statistics_list_the_busiest_25_repairers_and_export_everyone(manager_page, live_server):
    page = manager_page
    yesterday = f"{utcnow() - timedelta(days=1):%Y-%m-%d} 06:00"
    for n in range(1, 28):  # 27 more repairers, with the 4 of the demo 31
        factories.make_user(f"rep-x{n:02d}", f"Ремонтник {n:02d}")
        make_repair(
            f"rep-x{n:02d}", f"v-x{n:02d}", yesterday, 30, jobs=[("grips", 0, 5, "completed")]
        )
    page.goto(f"{live_server}/manager/stats")

    expect(page.locator("section[aria-labelledby=h-people] .table-wrap tbody tr")).to_have_count(25)
    note = page.locator("#repairers-shown")
    expect(note).to_contain_text("Показаны 25 самых занятых из 31 ремонтника.")
    note.scroll_into_view_if_needed()
    screenshot(page, "manager-stats-repairers")
    with page.expect_download() as download:
        note.get_by_role("link", name="Скачать всех ремонтников в CSV").click()
    lines = open(download.value.path(), "rb").read().decode("utf-8-sig").splitlines()
    assert len(lines) == 32 and lines[0].startswith("Табельный номер;Ремонтник;")
    assert any(line.startswith("rep-x27;Ремонтник 27;1;1;") for line in lines)

    started = page.locator(".tile-value").first
    before = int(started.inner_text())
    make_repair("rep-x01", "v-x01", f"{utcnow() - timedelta(minutes=10):%Y-%m-%d %H:%M}", 5)
    page.get_by_role("button", name="Пересчитать сейчас").click()
    expect(started).to_have_text(str(before + 1))
    expect(page.locator("#stats-as-of")).to_contain_text(re.compile(r"Данные на \d\d:\d\d\."))


def test_history_filtered_then_a_scooter(manager_page):
    page = manager_page
    page.get_by_role("link", name="История", exact=True).first.click()
    expect(page.get_by_role("heading", name="История ремонтов")).to_be_visible()

    page.get_by_label("Ремонтник").select_option(label="Мария Орлова (rep-4)")
    page.get_by_label("Состояние").select_option(label="Не удалось")
    page.get_by_role("button", name="Показать").click()

    rows = page.locator(".repairs-table tbody tr")
    expect(rows.first).to_contain_text("Мария Орлова")
    for row in rows.all():
        expect(row).to_contain_text("Мария Орлова")
        expect(row).to_contain_text("Не удалось")
    screenshot(page, "manager-history")
    _no_serious_violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать CSV").click()
    body = open(download.value.path(), "rb").read()
    assert body.startswith(b"\xef\xbb\xbf") and "Мария Орлова".encode() in body

    number = rows.first.locator("td").nth(1).inner_text()
    rows.first.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Самокат {number}")).to_be_visible()
    expect(page.locator(".repairs-table tbody tr").first).to_be_visible()
    screenshot(page, "manager-scooter")
    _no_serious_violations(page)


def test_with_many_repairers_the_history_filter_suggests_as_one_types(manager_page, app):
    app.config["PEOPLE_SELECT_LIMIT"] = 3  # a large operator: thousands of people
    page = manager_page
    page.get_by_role("link", name="История", exact=True).first.click()

    field = page.get_by_label("Ремонтник")
    field.fill("Мари")
    expect(page.locator("#f-people option")).to_have_count(1)
    assert page.locator("#f-people option").get_attribute("value") == "rep-4"
    field.fill("rep-4")
    page.get_by_role("button", name="Показать").click()

    expect(page.get_by_role("heading", name="История ремонтов: Мария Орлова")).to_be_visible()
    expect(page.get_by_label("Ремонтник")).to_have_value("rep-4")
    for row in page.locator(".repairs-table tbody tr").all():
        expect(row).to_contain_text("Мария Орлова")
    screenshot(page, "manager-history-search")
    _no_serious_violations(page)


def test_ending_a_forgotten_repair(manager_page):
    page = manager_page
    page.get_by_role("link", name="Открытые ремонты", exact=True).first.click()
    forgotten = page.locator("tr", has_text="Сергей Козлов")
    forgotten.get_by_role("button", name="Завершить…").click()
    form = page.get_by_role("form", name="Завершение ремонта: Сергей Козлов")
    form.get_by_label("Не удалось").check()
    form.get_by_label("Комментарий").fill("Ушёл со смены, не закрыв ремонт")
    screenshot(page, "manager-open-repairs")
    _no_serious_violations(page)

    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Завершить ремонт").click()

    expect(page.get_by_role("status")).to_contain_text("ремонтник и самокат свободны")
    expect(page.locator("#open-repairs tbody tr:not(.end-row)")).to_have_count(1)
    expect(page.locator("#open-repairs tbody")).not_to_contain_text("Сергей Козлов")


def test_a_repairer_reads_a_scooters_history_but_not_the_statistics(live_server, page, workshop):
    make_demo_history()
    page.goto(f"{live_server}/login")
    page.get_by_label("Табельный номер").fill("rep-2")
    page.get_by_label("PIN-код").fill(factories.DEFAULT_PIN)
    page.get_by_role("button", name="Вход").click()

    page.goto(f"{live_server}/manager/scooters/v-003")
    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible()
    expect(page.locator(".manager-nav")).to_have_count(0)
    response = page.goto(f"{live_server}/manager/stats")
    assert response.status == 403
