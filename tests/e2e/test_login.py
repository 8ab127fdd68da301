"""Logging in on a tablet, as a new repairer would: type the id, tap the PIN on the keypad."""

from __future__ import annotations

from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations


def test_a_repairer_logs_in_with_the_on_screen_keypad(live_server, page):
    factories.make_user("rep-1", "Иван Петров", pin="2468")

    page.goto(f"{live_server}/login")
    screenshot(page, "login")
    page.get_by_label("Табельный номер").fill("rep-1")
    for digit in "2468":
        page.locator(".keypad").get_by_role("button", name=digit, exact=True).click()
    page.get_by_role("button", name="Вход").click()

    expect(page.locator(".who")).to_have_text("Иван Петров")
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


def test_a_wrong_pin_is_said_plainly(live_server, page):
    factories.make_user("rep-1", pin="2468")

    page.goto(f"{live_server}/login")
    page.get_by_label("Табельный номер").fill("rep-1")
    page.get_by_label("PIN-код").fill("1111")
    page.get_by_role("button", name="Вход").click()

    expect(page.get_by_role("alert").filter(has_text="Неверный")).to_be_visible()


def test_the_login_page_switches_to_english(live_server, page):
    page.goto(f"{live_server}/login")

    page.get_by_role("button", name="EN").click()

    expect(page.get_by_label("Performer ID")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_login_page_has_no_serious_accessibility_problems(live_server, page):
    page.goto(f"{live_server}/login")

    assert serious_accessibility_violations(page) == []
