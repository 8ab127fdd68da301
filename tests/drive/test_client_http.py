"""DriveClient against a real HTTP server that misbehaves in every documented way."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from app.drive import (
    DriveBadResponse,
    DriveClient,
    DriveError,
    DriveNotFound,
    DriveRefused,
    DriveTimeout,
    DriveUnavailable,
)
from app.drive.client import CONTROL_PATH, DETAILS_PATH

from .conftest import FakeDrive, Reply, Reset

TIMEOUT = 1.5  # slow replies below take 2-3 s; happy paths get room on a busy machine
BUDGET = TIMEOUT + 1.5  # generous: only proves that nothing hangs

CAR = {
    "car": {
        "id": "7c1e0000-aaaa",
        "number": "0421",
        "model": "ninebot_max_g30",
        "mileage_km": 1834.2,
        "battery_percent": 64,
        "firmware": {"ecu": "1.7.3", "bms": "1.4.0"},
        "tags": [
            {"tag": "broken", "comment": "скрипит тормоз", "created_at": "2026-11-20T08:01:00Z"},
            {"tag": "low_battery", "comment": None, "created_at": "2026-11-21T10:00:00Z"},
            {"tag": "broken", "comment": None, "created_at": "2026-11-22T09:00:00+03:00"},
        ],
        "unexpected": {"ignored": True},
    }
}
SELF_TEST = {"status": "ok", "result": {"passed": True, "errors": []}}


def make_client(url: str, **kwargs: Any) -> DriveClient:
    kwargs.setdefault("read_timeout", TIMEOUT)
    kwargs.setdefault("command_timeout", TIMEOUT)
    return DriveClient(url, **kwargs)


def test_get_car_parses_details_and_sends_token(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(200, CAR))
    car = make_client(fake_drive.url, token="s3cret").get_car("7c1e0000-aaaa")

    assert car.vehicle_id == "7c1e0000-aaaa"
    assert (car.number, car.model, car.mileage_km, car.battery_percent) == (
        "0421",
        "ninebot_max_g30",
        1834.2,
        64,
    )
    assert car.firmware == {"ecu": "1.7.3", "bms": "1.4.0"}
    assert [c.comment for c in car.broken] == ["", "скрипит тормоз"]  # newest first
    assert car.broken[0].created_at == datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    request = fake_drive.received[0]
    assert request.headers["Authorization"] == "OAuth s3cret"
    assert (request.method, request.path) == ("GET", DETAILS_PATH)


def test_get_car_by_number_and_no_token(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(200, CAR))
    make_client(fake_drive.url).get_car(number="0421")
    assert "Authorization" not in fake_drive.received[0].headers


def test_command_sends_body_and_token(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(200, SELF_TEST))
    result = make_client(fake_drive.url, token="t").send_command("car-1", "self_test")
    assert result.action == "self_test"
    assert result.result == {"passed": True, "errors": []}
    request = fake_drive.received[0]
    assert (request.method, request.path) == ("POST", CONTROL_PATH)
    assert request.headers["Authorization"] == "OAuth t"
    assert request.body == b'{"car_id": "car-1", "action": "self_test"}'


HTML = "text/html"
FAILURES = [
    # behaviour, error class, detail, outcome_unknown for a command
    pytest.param(Reply(200, SELF_TEST, delay=3.0), DriveTimeout, "read timeout", True, id="slow"),
    pytest.param(
        Reset(), DriveBadResponse, "connection dropped: ConnectionResetError", True, id="reset"
    ),
    pytest.param(Reply(500, b"oops", content_type=HTML), DriveRefused, "HTTP 500", False, id="500"),
    pytest.param(
        Reply(404, {"error": {"code": "car_not_found"}}), DriveNotFound, None, False, id="404"
    ),
    pytest.param(
        Reply(409, {"error": {"code": "car_offline", "message": "offline"}}),
        DriveRefused,
        "car_offline",
        False,
        id="409",
    ),
    pytest.param(
        Reply(200, b"<html/>", content_type=HTML), DriveBadResponse, None, True, id="html"
    ),
    pytest.param(Reply(200, {"car": [1, 2]}), DriveBadResponse, None, True, id="wrong_shape"),
]


@pytest.mark.parametrize(("behaviour", "error", "detail", "unknown"), FAILURES)
@pytest.mark.parametrize("call", ["read", "command"])
def test_failures_map_to_typed_errors(
    fake_drive: FakeDrive, call: str, behaviour: Any, error: type, detail: Any, unknown: bool
) -> None:
    fake_drive.always(behaviour)
    client = make_client(fake_drive.url)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        if call == "read":
            client.get_car("car-1")
        else:
            client.send_command("car-1", "self_test")
    assert time.monotonic() - started < BUDGET
    if detail is not None:
        assert caught.value.detail == detail
    if call == "command":
        assert caught.value.outcome_unknown is unknown
        assert fake_drive.count("POST", CONTROL_PATH) == 1


def test_refused_connection_is_unavailable(refused_url: str) -> None:
    client = make_client(refused_url)
    started = time.monotonic()
    with pytest.raises(DriveUnavailable) as caught:
        client.send_command("car-1", "open_lock")
    assert caught.value.outcome_unknown is False
    assert caught.value.code == "drive_unavailable"
    with pytest.raises(DriveUnavailable) as read_error:
        client.get_car("car-1")  # retried twice, still bounded
    assert read_error.value.read_error_kind == "unavailable"
    assert time.monotonic() - started < BUDGET


@pytest.mark.parametrize("status", [502, 503])
def test_command_is_sent_once_on_gateway_errors(fake_drive: FakeDrive, status: int) -> None:
    fake_drive.always(Reply(status, b"bad gateway", content_type="text/plain"))
    with pytest.raises(DriveRefused) as caught:
        make_client(fake_drive.url).send_command("car-1", "open_deck")
    assert caught.value.detail == f"HTTP {status}"
    assert caught.value.outcome_unknown is False
    assert fake_drive.count() == 1


@pytest.mark.parametrize("behaviour", [Reply(200, SELF_TEST, delay=2.0), Reset()])
def test_command_is_sent_once_when_answer_is_lost(fake_drive: FakeDrive, behaviour: Any) -> None:
    fake_drive.always(behaviour)
    with pytest.raises(DriveError) as caught:
        make_client(fake_drive.url).send_command("car-1", "open_deck")
    assert caught.value.outcome_unknown is True
    time.sleep(0.3)  # a late retry would have arrived by now
    assert fake_drive.count() == 1


def test_read_is_retried_on_503(fake_drive: FakeDrive) -> None:
    fake_drive.then(Reply(503, b"busy", content_type="text/plain")).always(Reply(200, CAR))
    car = make_client(fake_drive.url).get_car("7c1e0000-aaaa")
    assert car.number == "0421"
    assert fake_drive.count("GET", DETAILS_PATH) == 2


def test_read_gives_up_after_two_retries(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(504, b"", content_type="text/plain"))
    with pytest.raises(DriveRefused) as caught:
        make_client(fake_drive.url, read_timeout=2.0).get_car("car-1")
    assert caught.value.read_error_kind == "bad_response"
    assert fake_drive.count() == 3


def test_read_timeout_is_not_retried(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(200, CAR, delay=2.0))
    started = time.monotonic()
    with pytest.raises(DriveTimeout) as caught:
        make_client(fake_drive.url).get_car("car-1")
    assert time.monotonic() - started < BUDGET
    assert caught.value.read_error_kind == "timeout"
    assert fake_drive.count() == 1


def test_other_404_is_not_unknown_vehicle(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(404, b"<html>no route</html>", content_type="text/html"))
    with pytest.raises(DriveRefused) as caught:
        make_client(fake_drive.url).get_car("car-1")
    assert caught.value.detail == "HTTP 404"


def test_rejection_keeps_drives_code_and_message(fake_drive: FakeDrive) -> None:
    body = {"error": {"code": "action_rejected", "message": "deck already open"}}
    fake_drive.always(Reply(409, body))
    with pytest.raises(DriveRefused) as caught:
        make_client(fake_drive.url).send_command("car-1", "open_deck")
    error = caught.value
    assert (error.code, error.detail, error.message) == (
        "drive_error",
        "action_rejected",
        "deck already open",
    )
    assert error.http_status == 409


def test_command_with_wrong_result_shape_is_bad_response(fake_drive: FakeDrive) -> None:
    fake_drive.always(Reply(200, {"status": "ok", "result": [1]}))
    with pytest.raises(DriveBadResponse) as caught:
        make_client(fake_drive.url).send_command("car-1", "self_test")
    assert caught.value.outcome_unknown is True
    assert caught.value.code == "drive_error"
