"""Strict parsing of Drive's car details."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.drive import DriveBadResponse, DriveClient

from .conftest import FakeDrive, Reply
from .test_client_http import CAR


def car_with(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(CAR)
    for key, value in changes.items():
        if value is ...:
            del body["car"][key]
        else:
            body["car"][key] = value
    return body


@pytest.mark.parametrize(
    "body",
    [
        [CAR],
        {"car": None},
        car_with(id=...),
        car_with(id=""),
        car_with(id=42),
        car_with(mileage_km="1834"),
        car_with(battery_percent=True),
        car_with(battery_percent=64.5),
        car_with(number=421),
        car_with(firmware=["1.7.3"]),
        car_with(firmware={"ecu": 1.7}),
        car_with(tags={"tag": "broken"}),
        car_with(tags=["broken"]),
        car_with(tags=[{"tag": "broken", "comment": 5, "created_at": "2026-11-20T08:01:00Z"}]),
        car_with(tags=[{"tag": "broken", "comment": "x", "created_at": "yesterday"}]),
        car_with(tags=[{"tag": "broken", "comment": "x"}]),
    ],
)
def test_garbage_details_are_bad_responses(fake_drive: FakeDrive, body: Any) -> None:
    fake_drive.always(Reply(200, body))
    with pytest.raises(DriveBadResponse):
        DriveClient(fake_drive.url, read_timeout=1).get_car("car-1")


def test_optional_fields_may_be_missing_or_null(fake_drive: FakeDrive) -> None:
    body = {"car": {"id": "x", "number": None, "mileage_km": 12, "battery_percent": 50.0}}
    fake_drive.always(Reply(200, body))
    car = DriveClient(fake_drive.url, read_timeout=1).get_car("x")
    assert (car.number, car.model, car.mileage_km, car.battery_percent) == (None, None, 12.0, 50)
    assert isinstance(car.mileage_km, float)
    assert (car.firmware, car.broken) == ({}, [])


def test_naive_timestamps_are_taken_as_utc(fake_drive: FakeDrive) -> None:
    tags = [{"tag": "broken", "comment": "люфт руля", "created_at": "2026-11-20T08:01:00"}]
    fake_drive.always(Reply(200, car_with(tags=tags)))
    car = DriveClient(fake_drive.url, read_timeout=1).get_car("x")
    assert car.broken[0].created_at.utcoffset().total_seconds() == 0


def test_bad_arguments_are_programming_errors() -> None:
    client = DriveClient("http://127.0.0.1:9")
    with pytest.raises(ValueError):
        client.get_car()
    with pytest.raises(ValueError):
        client.get_car("a", number="0421")
    with pytest.raises(ValueError):
        client.send_command("a", "self_destruct")
