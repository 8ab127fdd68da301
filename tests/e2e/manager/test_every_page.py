"""Every manager and admin page, in Russian and English, on a 1280x800 screen and an 800x1280
one (a laptop and a tablet held upright): nothing makes the page scroll sideways, nothing is cut
off at the right edge, a table frame that scrolls can be reached from the keyboard, and axe finds
no serious or critical problem."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.clock import utcnow
from app.extensions import db
from app.mileage import km_since_same_job_update
from tests import factories
from tests.e2e.conftest import serious_accessibility_violations
from tests.manager.factories import make_demo_history

WIDE = {"width": 1280, "height": 800}
UPRIGHT = {"width": 800, "height": 1280}
PAGES = (
    "/manager/",
    "/manager/open-repairs",
    "/manager/history",
    "/manager/board",
    "/manager/pickup",
    "/manager/dropoff",
    "/manager/stats",
    "/manager/scooters/v-001",
    "/admin/",
    "/admin/places",
    "/admin/places/wh-1",
    "/admin/users",
    "/admin/users/rep-1",
    "/admin/job-types",
    "/admin/job-types/grips",
    "/admin/tokens",
    "/admin/audit",
    "/admin/outbox",
    "/admin/labels",
)
LOG_IN = {"ru": ("Табельный номер", "PIN-код", "Вход"), "en": ("Performer ID", "PIN", "Log in")}

# What the page looks like to a user: parts wider than the window, frames that scroll but take
# no keyboard focus.
CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("main *, header *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === "hidden") continue;
    const frame = el.closest(".table-wrap, .table-scroll");
    if (frame && frame !== el) continue;  // inside a frame that scrolls: reachable there
    if (box.right > width + 1 || box.left < -1) out.push(el.tagName + "." + el.className);
  }
  return out.slice(0, 5);
}"""
UNREACHABLE = """() => [...document.querySelectorAll(".table-wrap, .table-scroll")]
  .filter(f => (f.scrollWidth > f.clientWidth + 1 || f.scrollHeight > f.clientHeight + 1)
               && f.tabIndex < 0)
  .map(f => f.className)"""


@pytest.fixture
def manager(live_server, page: Page, workshop):
    """A manager over a few weeks of history, the window not yet logged in."""
    factories.make_user("boss", "Анна Смирнова", role="manager")
    make_demo_history()
    db.session.execute(km_since_same_job_update())
    db.session.commit()
    return page


def log_in(page: Page, base: str, language: str) -> None:
    """Choose the language on the login page, then log in as the manager."""
    page.goto(f"{base}/login")
    if language == "en":
        page.get_by_role("button", name="EN").click()
    performer, pin, button = LOG_IN[language]
    page.get_by_label(performer).fill("boss")
    page.get_by_label(pin, exact=True).fill(factories.DEFAULT_PIN)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".manager-nav")).to_be_visible()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_page_fits_both_screens_and_passes_axe(manager, live_server, language):
    page = manager
    log_in(page, live_server, language)
    problems = []
    for size in (WIDE, UPRIGHT):
        page.set_viewport_size(size)
        for path in PAGES:
            response = page.goto(f"{live_server}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            where = f"{path} at {size['width']}x{size['height']} in {language}"
            expect(page.locator("html")).to_have_attribute("lang", language)
            if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                problems.append(f"{where}: the page scrolls sideways")
            if clipped := page.evaluate(CLIPPED):
                problems.append(f"{where}: cut off at the edge: {clipped}")
            if unreachable := page.evaluate(UNREACHABLE):
                problems.append(f"{where}: a scrolling frame without a tab stop: {unreachable}")
            if violations := serious_accessibility_violations(page):
                problems.append(f"{where}: axe: {violations}")
    assert problems == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_one_navigation_on_manager_and_admin_pages(manager, live_server, language):
    page = manager
    log_in(page, live_server, language)
    tabs = {
        "ru": [
            "Обзор",
            "Открытые ремонты",
            "История",
            "Доска склада",
            "Список на забор",
            "Список на выезд",
            "Статистика",
            "Журнал команд",
            "Администрирование",
        ],
        "en": [
            "Overview",
            "Open repairs",
            "History",
            "Warehouse board",
            "Pick-up list",
            "Drop-off list",
            "Statistics",
            "Audit log",
            "Administration",
        ],
    }[language]
    nav_name = {"ru": "Страницы руководителя", "en": "Manager pages"}[language]

    for path in ("/manager/history", "/admin/users", "/admin/audit"):
        page.goto(f"{live_server}{path}")
        nav = page.get_by_role("navigation", name=nav_name)
        expect(nav.get_by_role("link")).to_have_text(tabs)
    # On an admin section, its tab is marked and the sections are a second row under it.
    expect(nav.get_by_role("link", name=tabs[7])).to_have_attribute("aria-current", "page")
    page.goto(f"{live_server}/admin/users")
    nav = page.get_by_role("navigation", name=nav_name)
    expect(nav.get_by_role("link", name=tabs[8])).to_have_attribute("aria-current", "true")
    nav.get_by_role("link", name=tabs[0]).click()
    expect(page).to_have_url(f"{live_server}/manager/")
    assert page.locator("link[rel=icon]").get_attribute("href").startswith("/static/favicon.svg")


@pytest.mark.parametrize("size", [WIDE, UPRIGHT])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_end_form_of_a_forgotten_repair_is_whole_on_screen(
    manager, live_server, language, size
):
    page = manager
    log_in(page, live_server, language)
    page.set_viewport_size(size)
    page.goto(f"{live_server}/manager/open-repairs")
    end, failed, comment, confirm = {
        "ru": ("Завершить…", "Не удалось", "Комментарий", "Завершить ремонт"),
        "en": ("End…", "Failed", "Comment", "End repair"),
    }[language]

    forgotten = page.locator("tr", has_text="Сергей Козлов")
    forgotten.get_by_role("button", name=end).click()
    form = page.locator(".end-row:not([hidden]) form")
    expect(form).to_be_visible()
    box, width = form.bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    form.get_by_label(failed).check()
    form.get_by_label(comment).fill("Forgot to finish")
    submit = form.get_by_role("button", name=confirm)
    submit_box = submit.bounding_box()
    assert submit_box["x"] + submit_box["width"] <= width
    assert serious_accessibility_violations(page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    submit.click()
    expect(page.locator("#open-repairs tbody")).not_to_contain_text("Сергей Козлов")


def test_a_table_too_wide_for_the_window_scrolls_from_the_keyboard(manager, live_server):
    page = manager
    log_in(page, live_server, "ru")
    page.set_viewport_size({"width": 560, "height": 900})  # narrower than any table here
    page.goto(f"{live_server}/manager/scooters/v-001")
    frame = page.locator(".table-wrap").first
    expect(frame).to_have_attribute("tabindex", "0")

    for _ in range(40):  # Tab through the page, as a keyboard user does, to the table
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-wrap')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('table-wrap')")
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(frame).not_to_have_js_property("scrollLeft", 0)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_chart_legends_show_values_only_for_the_point_pointed_at(manager, live_server, language):
    page = manager
    log_in(page, live_server, language)
    page.goto(f"{live_server}/manager/stats")
    legend = page.locator(".chart .u-legend").first
    expect(page.locator(".chart canvas")).to_have_count(6)  # with the true downtime's

    values = legend.locator(".u-value")
    expect(legend).not_to_contain_text("—")  # no "Started: —", which reads as missing data
    expect(values.nth(1)).to_be_hidden()
    page.locator(".chart .u-over").first.hover()  # the middle of the repairs-per-day chart
    expect(values.nth(1)).to_be_visible()
    expect(values.nth(1)).to_have_text(re.compile(r"^\d+$"))  # a count, as the table has it


@pytest.mark.parametrize("language,placeholder", [("ru", "дд.мм.гггг"), ("en", "dd.mm.yyyy")])
def test_date_filters_are_typed_as_the_pages_write_dates(
    manager, live_server, language, placeholder
):
    page = manager
    log_in(page, live_server, language)
    page.goto(f"{live_server}/manager/history")
    first = page.locator("#f-from")
    expect(first).to_have_attribute("type", "text")  # not the browser-locale date picker
    expect(first).to_have_attribute("placeholder", placeholder)

    today = utcnow().date()
    month_ago = f"{today - timedelta(days=30):%d.%m.%Y}"
    first.fill(month_ago)
    page.locator("#f-to").fill(f"{today + timedelta(days=1):%d.%m.%Y}")
    page.locator("form[role=search] button[type=submit]").click()

    expect(page.locator("#f-from")).to_have_value(month_ago)
    expect(page.locator(".repairs-table tbody tr").first).to_be_visible()
    page.locator("#f-to").fill("32.12.2026")
    page.locator("form[role=search] button[type=submit]").click()
    expect(
        page.get_by_text(
            {"ru": "Введите даты в виде дд.мм.гггг", "en": "Type dates as dd.mm.yyyy"}[language]
        )
    ).to_be_visible()
