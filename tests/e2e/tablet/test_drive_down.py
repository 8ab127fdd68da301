"""Drive down: the card says so and shows what we know; the repair still starts and runs."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Repair
from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.e2e.tablet.flows import RU, fresh_rows, on_shift, type_number


def test_with_drive_down_the_repair_still_happens(live_server, page, app, simulator):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    on_shift(page, live_server)
    type_number(page, "0421")
    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible()

    simulator.set_faults("down")
    page.reload()

    expect(page.get_by_role("alert")).to_contain_text("Drive сейчас недоступен.")
    expect(page.get_by_text("Ninebot Max G30")).to_be_visible()  # what we still know
    screenshot(page, "tablet-card-drive-down")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name=RU.start_repair).click()
    jobs = page.locator("#jobs")
    jobs.get_by_role("button", name=RU.fenders).click()
    jobs.locator(".job-performing").get_by_role("button", name=RU.done).click()
    expect(jobs.locator(".job-completed")).to_have_count(1)
    page.locator("#commands").get_by_role("button", name="Включить фару").click()
    expect(page.locator(".command-report")).to_contain_text("Drive сейчас недоступен")
    # Which of its complaints did the repair resolve? None here: the finishing tap says so.
    page.get_by_role("button", name=RU.finish).click()

    expect(page.get_by_role("link", name=RU.next_scooter)).to_be_visible()
    [repair] = fresh_rows(select(Repair))
    assert repair.status == "completed" and repair.mileage_km_at_start is None
