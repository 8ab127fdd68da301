"""Wrong PINs in the browser: the login page counts down the tries left, the lock is said
plainly, and a manager lifts it from the user's page; in Russian and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import serious_accessibility_violations

WORDS = {
    "ru": {
        "id": "Табельный номер",
        "pin": "PIN-код",
        "log_in": "Вход",
        "log_out": "Выйти",
        "left_4": "До блокировки осталось 4 попытки.",
        "left_1": "До блокировки осталась 1 попытка.",
        "locked": "Слишком много неверных PIN-кодов. Попробуйте снова через 15 мин.",
        "user_locked": "Вход заблокирован: слишком много неверных PIN-кодов.",
        "wrong_pins": "5 неверных PIN-кодов за последние 15 мин.",
        "lift": "Снять блокировку",
        "lifted": "Блокировка снята: Иван Петров.",
    },
    "en": {
        "id": "Performer ID",
        "pin": "PIN",
        "log_in": "Log in",
        "log_out": "Log out",
        "left_4": "4 tries left before a lock.",
        "left_1": "1 try left before a lock.",
        "locked": "Too many wrong PINs. Try again in 15 min.",
        "user_locked": "Logging in is locked: too many wrong PINs.",
        "wrong_pins": "5 wrong PINs in the last 15 min.",
        "lift": "Lift the lock",
        "lifted": "Lock lifted: Иван Петров.",
    },
}


def type_pin(page, base: str, words: dict, language: str, performer_id: str, pin: str) -> None:
    """Open the login page in `language` and send the performer id and PIN."""
    page.goto(f"{base}/login")
    if language == "en" and page.locator("html").get_attribute("lang") != "en":
        page.get_by_role("button", name="EN").click()
    page.get_by_label(words["id"]).fill(performer_id)
    page.get_by_label(words["pin"], exact=True).fill(pin)
    page.get_by_role("button", name=words["log_in"], exact=True).click()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_tries_left_then_a_lock_that_a_manager_lifts(live_server, browser, page, language):
    words = WORDS[language]
    factories.make_user("rep-1", "Иван Петров")
    factories.make_user("boss", "Анна Смирнова", role="manager")
    alerts = page.get_by_role("alert")

    type_pin(page, live_server, words, language, "rep-1", "9753")
    expect(alerts.filter(has_text=words["left_4"])).to_be_visible()
    for _ in range(3):
        type_pin(page, live_server, words, language, "rep-1", "9753")
    expect(alerts.filter(has_text=words["left_1"])).to_be_visible()
    type_pin(page, live_server, words, language, "rep-1", "9753")
    expect(alerts.filter(has_text=words["locked"])).to_be_visible()
    assert serious_accessibility_violations(page) == []
    type_pin(page, live_server, words, language, "rep-1", factories.DEFAULT_PIN)
    expect(alerts.filter(has_text=words["locked"])).to_be_visible()  # even the right PIN

    office = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    type_pin(office, live_server, words, language, "boss", factories.DEFAULT_PIN)
    expect(office.get_by_role("button", name=words["log_out"])).to_be_visible()
    office.goto(f"{live_server}/admin/users/rep-1")
    expect(office.get_by_text(words["user_locked"])).to_be_visible()
    expect(office.get_by_text(words["wrong_pins"])).to_be_visible()
    office.get_by_role("button", name=words["lift"]).click()
    expect(office.get_by_role("status").filter(has_text=words["lifted"])).to_be_visible()
    expect(office.get_by_role("button", name=words["lift"])).to_have_count(0)
    office.context.close()

    type_pin(page, live_server, words, language, "rep-1", factories.DEFAULT_PIN)
    expect(page.get_by_role("button", name=words["log_out"])).to_be_visible()
