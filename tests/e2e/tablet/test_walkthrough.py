"""Every tablet screen a new repairer meets, in Russian and English, at 1280×800, 800×1280 and
on a 390×844 phone: nothing serious for axe, no sideways scrolling, and the words of issue 16
(login, search, offline scooter, self-test, overlapping jobs) in the page's own language.

With SCREEN_WALK_DIR set, each screen at each size is also kept there as a PNG to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import TABLET, serious_accessibility_violations
from tests.e2e.tablet.flows import EN, PHONE, PORTRAIT, RU, log_in, no_horizontal_scroll

SIZES = {"tablet": TABLET, "portrait": PORTRAIT, "phone": PHONE}
WORDS = {
    "ru": {
        "login_why": "Войдите по табельному номеру и PIN-коду, чтобы открыть эту страницу.",
        "empty": "Введите номер самоката или отсканируйте его QR-код.",
        "offline": "Самокат не в сети: батарея разряжена.",
        "offline_command": "Самокат не в сети, команда до него не дошла.",
        "found": "Найдены ошибки",
        "finding": "Обрыв цепи фары",
        "overlap": "Одновременно идут 2 работы.",
        "place": "Склад Север",
    },
    "en": {
        "login_why": "Log in with your performer ID and PIN to open this page.",
        "empty": "Type the scooter's number, or scan its QR code.",
        "offline": "The scooter is offline: its battery is flat.",
        "offline_command": "The scooter is offline, so it did not get the command.",
        "found": "Errors found",
        "finding": "Headlight circuit is open",
        "overlap": "2 jobs are running at once.",
        "place": "Склад Север",
    },
}


@pytest.fixture
def workshop(app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_place("wh-2", "Склад Юг")
    factories.make_user("rep-1", "Иван Петров")


def look(page, name: str) -> None:
    """At each size: axe finds nothing serious, nothing scrolls sideways; keep a picture."""
    keep = os.environ.get("SCREEN_WALK_DIR")
    for size_name, size in SIZES.items():
        page.set_viewport_size(size)
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at {size_name}"
        if keep:
            page.screenshot(path=str(Path(keep) / f"{name}-{size_name}.png"), full_page=True)
    page.set_viewport_size(TABLET)
    assert serious_accessibility_violations(page) == [], name


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_tablet_screen_reads_right_at_every_size(live_server, page, workshop, lang):
    words, said = (RU if lang == "ru" else EN), WORDS[lang]
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server}/login")
    if lang == "en":
        page.get_by_role("button", name="EN").click()

    page.goto(f"{live_server}/s/0013")  # a QR label, logged out
    expect(page.get_by_text(said["login_why"])).to_be_visible()
    look(page, f"{lang}-login-from-qr")

    log_in(page, live_server, words=words)
    expect(page.get_by_role("heading", name=words.where)).to_be_visible()
    look(page, f"{lang}-place")
    page.get_by_role("button", name=said["place"]).click()

    offline = page.locator(".card-offline")  # back on the label's card
    expect(offline).to_contain_text(said["offline"])
    expect(page.get_by_role("button", name=words.start_repair)).to_be_visible()
    look(page, f"{lang}-card-offline")

    page.get_by_role("button", name=words.start_repair).click()
    page.locator("#commands").get_by_role("button", name=words.self_test).click()
    expect(page.locator(".command-report")).to_contain_text(said["offline_command"])
    look(page, f"{lang}-repair-offline-command")
    page.get_by_role("button", name=words.fenders).click()
    expect(page.locator("#jobs .job-performing")).to_have_count(1)
    page.locator("#jobs .job-performing").get_by_role("button", name=words.done).click()
    page.get_by_role("button", name=words.finish).click()
    expect(page.get_by_role("link", name=words.next_scooter)).to_be_visible()
    look(page, f"{lang}-repair-done")

    page.get_by_role("link", name=words.next_scooter).click()
    page.locator("#find-form").get_by_role("button", name=words.open, exact=True).click()
    expect(page.locator("#find-error")).to_have_text(said["empty"])
    look(page, f"{lang}-find-empty")

    page.locator("#q").fill("421")
    page.locator("#find-form").get_by_role("button", name=words.open, exact=True).click()
    expect(page.get_by_role("heading", name=f"{words.scooter} 0421")).to_be_visible()
    look(page, f"{lang}-card")

    page.get_by_role("button", name=words.start_repair).click()
    jobs = page.locator("#jobs")
    jobs.get_by_role("button", name=words.fenders).click()
    expect(jobs.locator(".job-performing")).to_have_count(1)
    jobs.get_by_role("button", name=words.brake_cable).click()
    expect(jobs.locator(".jobs-overlap")).to_contain_text(said["overlap"])
    page.locator("#commands").get_by_role("button", name=words.self_test).click()
    report = page.locator(".command-report")
    expect(report).to_contain_text(said["finding"])
    expect(report).to_have_class("command-report report-ok tone-warn")
    expect(page.locator(".command-log")).to_contain_text(said["found"])
    look(page, f"{lang}-repair-self-test")
