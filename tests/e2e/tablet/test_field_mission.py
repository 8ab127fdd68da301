"""A field mission of three points, played on a phone (390×844) as a field repairer does it."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Mission, Repair
from app.repairs.missions import MissionRequest, create_mission
from tests import factories
from tests.e2e.conftest import screenshot, serious_accessibility_violations
from tests.e2e.tablet.flows import PHONE, RU, fresh_rows, no_horizontal_scroll, on_shift
from tests.manager.factories import make_vehicle

NUMBERS = ("0421", "0007", "0100")


def point(page, position: int):
    return page.locator(f".mission-point[data-position='{position}']")


def back_to_the_mission(page) -> None:
    page.get_by_role("link", name="К миссии").click()
    expect(page.get_by_role("heading", name="Миссия m-1")).to_be_visible()


def test_three_points_on_a_phone_from_the_list_to_the_confirmation(live_server, page, simulator):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    vehicle_ids = []
    for number in NUMBERS:  # scooters Drive has described to us before
        vehicle_ids.append(simulator.scooter(number=number).vehicle_id)
        make_vehicle(vehicle_ids[-1], number)
    create_mission(MissionRequest("m-1", "rep-1", "wh-1", tuple(vehicle_ids)))
    page.set_viewport_size(PHONE)
    on_shift(page, live_server)

    expect(page.get_by_role("heading", name="Миссия m-1")).to_be_visible()
    expect(page.locator(".point-number")).to_have_text([f"Самокат {n}" for n in NUMBERS])
    expect(page.locator(".mission-point .badge")).to_have_text(["Ожидает"] * 3)
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-field-mission")
    assert serious_accessibility_violations(page) == []

    # Point 1: repaired.
    point(page, 1).get_by_role("button", name=RU.start_repair).click()
    expect(page.get_by_role("heading", name="Ремонт самоката 0421")).to_be_visible()
    expect(page.get_by_text("Ремонт на выезде · миссия m-1")).to_be_visible()
    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()
    page.locator("#jobs").get_by_role("button", name=RU.done).click()
    page.get_by_role("button", name=RU.finish).click()
    back_to_the_mission(page)
    expect(point(page, 1).locator(".badge")).to_have_text("Отремонтирован")

    # The mission cannot be confirmed with points left.
    page.get_by_role("button", name="Подтвердить миссию").click()
    expect(page.get_by_text("Не все точки завершены")).to_be_visible()

    # Point 2: not repaired, the job's and the repair's reasons each in one tap.
    point(page, 2).get_by_role("button", name=RU.start_repair).click()
    page.locator("#jobs").get_by_role("button", name=RU.fenders).click()
    page.locator("#jobs").get_by_text("Не сделано: почему?").click()
    page.locator("#jobs .job-reasons").scroll_into_view_if_needed()
    screenshot(page, "phone-field-repair-job-reasons")
    page.locator("#jobs").get_by_role("button", name="Нет запчастей").click()
    expect(page.locator("#jobs .job-comment")).to_have_text("Нет запчастей")
    page.get_by_text("Не удалось починить или отменить…").click()
    page.get_by_role("button", name="Нет запчастей").click()
    back_to_the_mission(page)
    expect(point(page, 2).locator(".badge")).to_have_text("Не отремонтирован")

    # Point 3: the scooter was gone: skipped.
    point(page, 3).get_by_role("button", name=RU.start_repair).click()
    page.get_by_text("Не удалось починить или отменить…").click()
    page.get_by_role("button", name="Самокат забрали").click()
    back_to_the_mission(page)
    expect(point(page, 3).locator(".badge")).to_have_text("Пропущен")
    screenshot(page, "phone-field-mission-points-done")

    page.get_by_role("button", name="Подтвердить миссию").click()

    expect(page.get_by_text("Миссия подтверждена. Спасибо!")).to_be_visible()
    expect(page.get_by_role("heading", name="Миссия m-1")).to_have_count(0)
    [mission] = fresh_rows(select(Mission))
    assert mission.status == "closed"
    repairs = fresh_rows(select(Repair).order_by(Repair.started_at))
    assert [(r.vehicle_id, r.status, r.mission_id) for r in repairs] == [
        (vehicle_ids[0], "completed", "m-1"),
        (vehicle_ids[1], "failed", "m-1"),
        (vehicle_ids[2], "cancelled", "m-1"),
    ]
