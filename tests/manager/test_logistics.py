"""The manager's board, pick-up and drop-off lists: oldest first, per warehouse, with CSVs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.complaints.records import ComplaintRequest, file_complaint
from app.extensions import db
from app.models import Place
from app.stages.events import StageRequest, record_stage
from app.stages.release import release
from tests import factories
from tests.manager.factories import make_repair, make_vehicle
from tests.support.pages import log_in


@pytest.fixture
def manager(client, workshop, app):
    factories.make_place("wh-2", "Склад Юг")
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    make_vehicle("v-new", "0501")
    make_vehicle("v-old", "0502")
    make_vehicle("v-south", "0503")
    make_repair("rep-1", "v-south", "2026-05-01 06:00", 30, place_id="wh-2")
    with app.test_request_context():
        for n, (vehicle_id, hours) in enumerate([("v-new", 1), ("v-old", 5), ("v-south", 3)]):
            at = utcnow() - timedelta(hours=hours)
            file_complaint(
                ComplaintRequest(f"c-{n}", vehicle_id, "user_support", f"жалоба {n}", None, at)
            )
    return client


def numbers(page: str) -> list[str]:
    return re.findall(r'data-vehicle-id="([^"]+)"', page)


def test_the_pick_up_list_is_oldest_first_and_per_warehouse(manager):
    everyone = manager.get("/manager/pickup").get_data(as_text=True)
    south = manager.get("/manager/pickup?place_id=wh-2").get_data(as_text=True)
    csv = manager.get("/manager/pickup.csv?place_id=wh-2").get_data().decode("utf-8-sig")

    assert numbers(everyone) == ["v-old", "v-south", "v-new"]
    assert "Список на забор" in everyone and "жалоба 1" in everyone
    assert numbers(south) == ["v-south"]
    assert "<td>Склад Юг</td>" in south  # the warehouse by its name, not its id
    assert csv.splitlines()[1].startswith("0503;v-south;wh-2;") and "жалоба 2" in csv


def test_scanned_in_scooters_leave_the_pick_up_list_for_the_board_then_drop_off(manager, app):
    with app.test_request_context():
        record_stage(StageRequest("e-1", "v-old", "arrived", "wh-1", "rep-1"))
        board = manager.get("/manager/board?place_id=wh-1").get_data(as_text=True)
        release("e-2", "v-old", db.session.get(Place, "wh-1"), "rep-1")
    pickup = manager.get("/manager/pickup").get_data(as_text=True)
    dropoff = manager.get("/manager/dropoff").get_data(as_text=True)
    csv = manager.get("/manager/dropoff.csv").get_data().decode("utf-8-sig")

    assert "v-old" not in numbers(pickup)
    assert 'data-column="waiting"' in board and "0502" in board
    assert numbers(dropoff) == ["v-old"]
    assert csv.splitlines()[1].startswith("0502;v-old;wh-1;")


def test_repairers_cannot_see_the_logistics_pages(client, workshop):
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    for path in ("/manager/board", "/manager/pickup", "/manager/dropoff.csv"):
        assert client.get(path).status_code in (302, 403)


def test_a_scooters_page_shows_its_way(manager, app):
    with app.test_request_context():
        record_stage(StageRequest("e-1", "v-south", "arrived", "wh-2", "rep-1"))
    page = manager.get("/manager/scooters/v-south").get_data(as_text=True)

    kinds = re.findall(r'data-kind="([^"]+)"', page)
    assert kinds == ["repair_started", "repair_ended", "reported", "arrived"]
    assert "жалоба 2" in page and "Принят на склад" in page
