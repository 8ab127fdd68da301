"""A whole repair on a 1280×800 tablet, as a new repairer does it, in Russian and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Job, Repair
from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.e2e.tablet.flows import EN, RU, choose_warehouse, fresh_rows, log_in, type_number


@pytest.fixture
def workshop_and_fleet(app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_place("wh-2", "Склад Юг")
    factories.make_user("rep-1", "Иван Петров")


@pytest.mark.parametrize("words", [RU, EN], ids=["ru", "en"])
def test_a_whole_repair_from_login_to_finish(live_server, page, workshop_and_fleet, words):
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server}/login")
    if words is EN:
        page.get_by_role("button", name="EN").click()
    log_in(page, live_server, words=words)

    choose_warehouse(page, words=words)
    expect(page.locator(".place-chip")).to_contain_text("Склад Север")
    type_number(page, "0421", words)

    expect(page.get_by_role("heading", name=f"{words.scooter} 0421")).to_be_visible()
    expect(page.get_by_text("не работает задний тормоз")).to_be_visible()
    page.get_by_role("button", name=words.start_repair).click()

    jobs = page.locator("#jobs")
    fenders = jobs.get_by_role("button", name=words.fenders)
    expect(fenders).to_be_visible()
    box = fenders.bounding_box()
    assert box["y"] + box["height"] <= 800, "job buttons must be reachable without scrolling"
    assert box["height"] >= 64
    fenders.click()
    expect(jobs.locator(".job-performing")).to_have_count(1)
    jobs.get_by_role("button", name=words.brake_cable).click()
    expect(jobs.locator(".job-performing")).to_have_count(2)
    timer = jobs.locator("time.elapsed").first
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(timer).not_to_have_text(timer.inner_text(), timeout=3000)  # it runs live
    finish = page.get_by_role("button", name=words.finish)
    expect(finish).to_be_disabled()

    running = jobs.locator(".job-performing")
    running.filter(has_text=words.fenders).get_by_role("button", name=words.done).click()
    expect(jobs.locator(".job-performing")).to_have_count(1)
    running.filter(has_text=words.brake_cable).get_by_role("button", name=words.failed).click()
    expect(jobs.locator(".job-performing")).to_have_count(0)
    expect(finish).to_be_enabled()

    page.locator("#commands").get_by_role("button", name=words.self_test).click()
    report = page.locator(".command-report")
    expect(report).to_contain_text(words.findings)
    expect(report).to_contain_text("E15")
    if words is RU:
        screenshot(page, "tablet-repair-jobs")
        assert serious_accessibility_violations(page) == []

    # The finish panel asks which of the scooter's complaints (two from Drive) the repair
    # resolved, none linked so none ticked; the finishing tap answers it.
    resolution = page.locator("#finish .resolution")
    expect(resolution.get_by_role("checkbox")).to_have_count(2)
    expect(resolution.get_by_role("checkbox", checked=True)).to_have_count(0)
    page.get_by_role("button", name=words.finish).click()
    expect(page.get_by_role("link", name=words.next_scooter)).to_be_visible()
    if words is RU:
        screenshot(page, "tablet-repair-done")
        assert serious_accessibility_violations(page) == []

    [repair] = fresh_rows(select(Repair))
    assert (repair.status, repair.place_id) == ("completed", "wh-1")
    statuses = {job.type: job.status for job in fresh_rows(select(Job))}
    assert statuses == {"fenders": "completed", "brake_cable": "failed"}


def test_a_double_tap_on_a_job_button_makes_one_job(live_server, page, workshop_and_fleet):
    log_in(page, live_server)
    choose_warehouse(page)
    type_number(page, "0007")
    page.get_by_role("button", name=RU.start_repair).click()
    button = page.locator("#jobs").get_by_role("button", name=RU.fenders)
    expect(button).to_be_visible()

    button.dblclick()
    button.evaluate("b => { b.click(); b.click(); }")  # faster than any thumb

    expect(page.locator("#jobs .job-performing")).to_have_count(1)
    page.wait_for_timeout(500)
    page.reload()
    expect(page.locator("#jobs .job")).to_have_count(1)
    assert len(fresh_rows(select(Job))) == 1


def test_a_lost_request_shows_the_retry_message_and_keeps_the_comment(
    live_server, page, workshop_and_fleet
):
    log_in(page, live_server)
    choose_warehouse(page)
    type_number(page, "0007")
    page.get_by_role("button", name=RU.start_repair).click()
    page.get_by_text("Не удалось починить или отменить…").click()
    page.get_by_label("Комментарий (необязательно)").fill("нужна новая дека")

    page.route("**/jobs", lambda route: route.abort("internetdisconnected"))
    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()
    expect(page.locator("#net-error")).to_be_visible()
    assert fresh_rows(select(Job)) == []

    page.unroute("**/jobs")
    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()
    expect(page.locator("#jobs .job-performing")).to_have_count(1)
    expect(page.locator("#net-error")).to_be_hidden()
    expect(page.get_by_label("Комментарий (необязательно)")).to_have_value("нужна новая дека")
    assert len(fresh_rows(select(Job))) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [(502, "Сервер не смог сделать это сейчас"), (400, "Страница устарела. Обновите её")],
)
def test_an_error_answer_says_what_to_do(live_server, page, workshop_and_fleet, status, message):
    log_in(page, live_server)
    choose_warehouse(page)
    type_number(page, "0007")
    page.get_by_role("button", name=RU.start_repair).click()
    page.route("**/jobs", lambda route: route.fulfill(status=status, body="error"))

    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()

    expect(page.locator("#server-error")).to_contain_text(message)
    expect(page.locator("#jobs .job")).to_have_count(0)
