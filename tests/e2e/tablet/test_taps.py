"""How many taps a repair takes: from a QR scan to a finished one-job repair at most 5 (it is
4), from a typed number at most 9 (it is 9 with all four digits; 8 with "421"). The browser
counts every real tap (trusted click) on every page, so a step added in between (a question, a
page to confirm) shows up here."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.tablet.flows import EN, RU, on_shift

# Counted in the page itself, across page loads: every trusted click anywhere.
COUNT_TAPS = """
document.addEventListener("click", (event) => {
  if (event.isTrusted) sessionStorage.taps = String(Number(sessionStorage.taps || 0) + 1);
}, true);
"""


@pytest.fixture
def workshop(app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")


def taps(page) -> int:
    return int(page.evaluate("() => Number(sessionStorage.taps || 0)"))


def reset_taps(page) -> None:
    page.evaluate("() => { sessionStorage.taps = '0'; }")


def one_job_repair(page, words) -> None:
    """Start the repair on the card, do one job, finish: tapping only what a repairer taps."""
    page.get_by_role("button", name=words.start_repair).click()
    jobs = page.locator("#jobs")
    jobs.get_by_role("button", name=words.fenders).click()
    jobs.locator(".job-performing").get_by_role("button", name=words.done).click()
    finish = page.get_by_role("button", name=words.finish)
    expect(finish).to_be_enabled()
    finish.click()
    expect(page.get_by_role("link", name=words.next_scooter)).to_be_visible()


def switch_to(page, base: str, words) -> None:
    page.goto(f"{base}/login")
    if words is EN:
        page.get_by_role("button", name="EN").click()


@pytest.mark.parametrize("words", [RU, EN], ids=["ru", "en"])
def test_a_qr_scan_to_a_finished_repair_takes_at_most_5_taps(live_server, page, workshop, words):
    page.add_init_script(COUNT_TAPS)
    switch_to(page, live_server, words)
    on_shift(page, live_server, words=words)
    page.goto(f"{live_server}/s/0421")  # what the camera app opens for the label
    expect(page.get_by_role("heading", name=f"{words.scooter} 0421")).to_be_visible()
    reset_taps(page)

    one_job_repair(page, words)

    assert taps(page) == 4  # start, the job, done, finish: each counted, nothing else asked


@pytest.mark.parametrize("words", [RU, EN], ids=["ru", "en"])
def test_a_typed_number_to_a_finished_repair_takes_at_most_9_taps(
    live_server, page, workshop, words
):
    page.add_init_script(COUNT_TAPS)
    switch_to(page, live_server, words)
    on_shift(page, live_server, words=words)
    reset_taps(page)

    keypad = page.locator("[data-keypad-for=q]")
    for digit in "0421":  # the whole number as painted: the longest way
        keypad.get_by_role("button", name=digit, exact=True).click()
    page.locator("#find-form").get_by_role("button", name=words.open, exact=True).click()
    expect(page.get_by_role("heading", name=f"{words.scooter} 0421")).to_be_visible()
    one_job_repair(page, words)

    assert taps(page) == 9  # four digits, open, start, the job, done, finish
