"""Drive misbehaving in every way, against every operation that calls it.

A real HTTP server stands in for Drive (or a port that refuses connections). For each fault
and each operation: the documented answer, within the call's timeout plus a second, and
nothing the repairer entered is lost. The trickling and the huge answers are valid answers
(a car, and a confirmed command) that come too slowly or are far too large to be taken.
"""

from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ControlCommand, Repair, Vehicle
from tests import factories
from tests.support.fake_drive import (
    Huge,
    Reply,
    Reset,
    Trickle,
    start_fake_drive,
    stop_fake_drive,
)
from tests.support.http import ApiClient
from tests.support.pages import csrf_token, log_in

READ_TIMEOUT, COMMAND_TIMEOUT = 1.0, 1.5
NUMBER, VEHICLE = "0777", "veh-known"
# Both a car's details and a confirmed command: only its pace or its size is wrong.
VALID = {
    "car": {"id": VEHICLE, "number": NUMBER, "mileage_km": 1300.0},
    "status": "ok",
    "result": {},
}
FAULTS = {
    "slow": Reply(200, {}, delay=COMMAND_TIMEOUT + 1.5),
    # A byte every 0.2 s: no single socket read ever waits as long as the timeout.
    "trickle": Trickle(200, VALID, interval=0.2),
    "huge": Huge(VALID, size=50 * 1024 * 1024, declared=False),
    "refused": None,
    "reset": Reset(),
    "error500": Reply(500, {"error": {"code": "internal"}}),
    "proxy404": Reply(404, "<html>Not Found</html>", content_type="text/html"),
    "garbage": Reply(200, "<html>maintenance</html>", content_type="text/html"),
}
# What a command answers under each fault: (HTTP status, our code, audit outcome).
COMMAND = {
    "slow": (504, "drive_timeout", "unknown"),
    "trickle": (504, "drive_timeout", "unknown"),
    "huge": (502, "drive_error", "unknown"),
    "refused": (503, "drive_unavailable", "failed"),
    "reset": (502, "drive_error", "unknown"),
    "error500": (502, "drive_error", "failed"),
    "proxy404": (502, "drive_error", "failed"),
    "garbage": (502, "drive_error", "unknown"),
}
BANNER = {
    "timeout": "Drive не ответил вовремя.",
    "unavailable": "Drive сейчас недоступен.",
    "bad_response": "Drive ответил ошибкой.",
}
READ_KIND = {
    "slow": "timeout",
    "trickle": "timeout",
    "huge": "bad_response",
    "refused": "unavailable",
    "reset": "bad_response",
    "error500": "bad_response",
    "proxy404": "bad_response",
    "garbage": "bad_response",
}


@pytest.fixture(params=list(FAULTS))
def fault(request) -> str:
    return request.param


@pytest.fixture
def drive_url(fault):
    if FAULTS[fault] is None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        sock.close()
        return
    drive = start_fake_drive().always(FAULTS[fault])
    yield drive.url
    stop_fake_drive(drive)


@pytest.fixture
def app_config(app_config, drive_url):
    return app_config | {
        "DRIVE_URL": drive_url,
        "DRIVE_READ_TIMEOUT": READ_TIMEOUT,
        "DRIVE_COMMAND_TIMEOUT": COMMAND_TIMEOUT,
    }


@pytest.fixture
def api(client, workshop):
    """A repairer on shift, a scooter we have seen before, and one earlier repair of it."""
    db.session.add(
        Vehicle(vehicle_id=VEHICLE, number=NUMBER, model="ninebot_max_g30", mileage_km=1200.0)
    )
    db.session.commit()
    api = ApiClient(client, factories.make_token(), [VEHICLE])
    assert (
        api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"}).status_code
        == 200
    )
    return api


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_starting_a_repair_never_waits_on_drive(api, fault):
    response, seconds = timed(lambda: api.start_repair("r-fault"))

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["mileage_km_at_start"] is None
    assert seconds < READ_TIMEOUT + 1
    assert db.session.scalar(select(Repair).where(Repair.repair_id == "r-fault")) is not None


def test_scooter_info_reports_the_failure_and_what_we_know(api, fault):
    api.start_repair("r-open")

    response, seconds = timed(lambda: api.get("/api/scooter/info", {"vehicle_id": VEHICLE}))

    body = response.get_json()
    assert response.status_code == 200
    assert body["drive"] == {"ok": False, "error": READ_KIND[fault]}
    assert body["number"] == NUMBER and body["active_repair"]["repair_id"] == "r-open"
    assert seconds < READ_TIMEOUT + 1


def test_repair_history_still_lists_every_repair(api, fault):
    api.start_repair("r-old")
    api.end_repair("r-old", status="cancelled")

    response, seconds = timed(
        lambda: api.get("/api/scooter/repair-history", {"vehicle_id": VEHICLE})
    )

    assert response.status_code == 200
    assert [r["repair_id"] for r in response.get_json()["repairs"]] == ["r-old"]
    assert seconds < READ_TIMEOUT + 1


def test_a_command_answers_its_documented_failure_and_is_audited(api, fault):
    assert api.start_repair("r-command").status_code == 201  # commands go to a scooter in repair

    response, seconds = timed(
        lambda: api.post(
            "/api/scooter/control",
            {"vehicle_id": VEHICLE, "action": "open_lock", "performer_id": "rep-1"},
        )
    )

    status, code, outcome = COMMAND[fault]
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    entry = db.session.scalar(select(ControlCommand))
    assert (entry.outcome, entry.error) == (outcome, code)
    assert seconds < COMMAND_TIMEOUT + 1


def test_the_tablets_scooter_page_shows_a_banner_and_what_we_know(api, client, fault):
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    client.post("/t/place", data={"csrf_token": csrf_token(client, "/t/place"), "place_id": "wh-1"})

    page = client.get(f"/t/scooter/{NUMBER}")  # from our records; Drive's part follows
    response, seconds = timed(lambda: client.get(f"/t/scooter/{NUMBER}/drive"))

    assert page.status_code == 200 and NUMBER in page.get_data(as_text=True)
    live = response.get_data(as_text=True)
    assert response.status_code == 200
    assert BANNER[READ_KIND[fault]] in live
    assert "Ниже — то, что мы знаем" in live
    assert seconds < READ_TIMEOUT + 1
