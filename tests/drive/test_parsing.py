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
        car_with(
            tags=[
                {"tag": "broken", "comment": "x", "created_at": "2026-11-20T08:01:00Z", "tag_id": 7}
            ]
        ),
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


def test_broken_tags_carry_drives_tag_id_or_a_stable_key_of_ours(fake_drive: FakeDrive) -> None:
    stamp = "2026-11-20T08:01:00Z"
    tags = [
        {"tag_id": "t-1", "tag": "broken", "comment": "люфт руля", "created_at": stamp},
        {"tag": "broken", "comment": "нет фары", "created_at": stamp},
        {"tag_id": " padded ", "tag": "broken", "comment": "нет фары", "created_at": stamp},
    ]
    fake_drive.always(Reply(200, car_with(tags=tags)))
    first = DriveClient(fake_drive.url, read_timeout=1).get_car("x")
    again = DriveClient(fake_drive.url, read_timeout=1).get_car("x")

    assert [(c.tag_id, c.from_drive) for c in first.broken][0] == ("t-1", True)
    derived = [c for c in first.broken if not c.from_drive]
    assert len(derived) == 2 and all(c.tag_id.startswith("derived:") for c in derived)
    # Without an id we can keep, the key is the same on every read.
    assert [c.tag_id for c in first.broken] == [c.tag_id for c in again.broken]


def test_bad_arguments_are_programming_errors() -> None:
    client = DriveClient("http://127.0.0.1:9")
    with pytest.raises(ValueError):
        client.get_car()
    with pytest.raises(ValueError):
        client.get_car("a", number="0421")
    with pytest.raises(ValueError):
        client.send_command("a", "self_destruct")


def _get_car(fake_drive: FakeDrive, body: Any) -> Any:
    fake_drive.always(Reply(200, body))
    return DriveClient(fake_drive.url, read_timeout=1).get_car("car-1")


LONG_MODEL = "Ninebot Max G30 Pro " * 10


@pytest.mark.parametrize(
    ("key", "sent", "kept"),
    [
        # A plate is an identifier: one we could not keep or look up is no plate at all.
        ("number", "0421-" * 40, None),
        ("number", "04\n21", None),
        ("number", "04\udfff21", None),
        ("number", "   ", None),
        ("number", " 0421 ", "0421"),
        ("number", "A" * 64, "A" * 64),
        # A model is a label for people: cut to fit, odd characters made visible or spaces.
        ("model", LONG_MODEL, LONG_MODEL[:63].rstrip() + "…"),
        ("model", "G30\x00\x1b[31m  Pro\n", "G30 [31m Pro"),
        ("model", "G30\ud800", "G30\ufffd"),
        ("model", " \t", None),
        # A mileage we cannot believe is no reading: a made-up figure would skew km since.
        ("mileage_km", -0.1, None),
        ("mileage_km", 10**400, None),
        ("mileage_km", 1e300, None),
        ("mileage_km", 0, 0.0),
        ("mileage_km", 999_999.9, 999_999.9),
        ("battery_percent", 101, None),
        ("battery_percent", -1, None),
        ("battery_percent", 10**400, None),
        ("battery_percent", 100, 100),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_values_that_do_not_fit_are_null_or_bounded(
    fake_drive: FakeDrive, key: str, sent: Any, kept: Any
) -> None:
    car = _get_car(fake_drive, car_with(**{key: sent}))
    assert getattr(car, key) == kept
    assert car.vehicle_id == CAR["car"]["id"]  # the rest of the answer stands


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_a_mileage_that_is_no_number_is_null(fake_drive: FakeDrive, literal: str) -> None:
    body = '{"car": {"id": "car-1", "mileage_km": ' + literal + ', "battery_percent": 64}}'
    car = _get_car(fake_drive, body)
    assert car.mileage_km is None and car.battery_percent == 64


def test_firmware_and_complaints_are_bounded(fake_drive: FakeDrive) -> None:
    firmware = {f"block{n}": "1.7.3" for n in range(100)} | {"ecu": "1." * 100}
    tags = [
        {"tag": "broken", "comment": "скрипит\x00 " * 150, "created_at": "2026-11-20T08:01:00Z"}
    ] * 60  # under the 1 MB answer limit
    car = _get_car(fake_drive, car_with(firmware=firmware, tags=tags))
    assert len(car.firmware) == 32
    assert all(len(k) <= 64 and len(v) <= 64 for k, v in car.firmware.items())
    assert len(car.broken) == 50
    assert all(len(c.comment) <= 1000 and "\x00" not in c.comment for c in car.broken)


@pytest.mark.parametrize("vehicle_id", ["c" * 65, "car\n1", " car-1"])
def test_a_car_id_we_could_not_keep_is_a_bad_response(fake_drive: FakeDrive, vehicle_id) -> None:
    with pytest.raises(DriveBadResponse):
        _get_car(fake_drive, car_with(id=vehicle_id))


def test_a_complaint_time_out_of_range_is_a_bad_response(fake_drive: FakeDrive) -> None:
    tags = [{"tag": "broken", "comment": "x", "created_at": "0001-01-01T00:00:00+01:00"}]
    with pytest.raises(DriveBadResponse):
        _get_car(fake_drive, car_with(tags=tags))


def test_an_answer_nested_too_deep_is_a_bad_response(fake_drive: FakeDrive) -> None:
    with pytest.raises(DriveBadResponse):
        _get_car(fake_drive, '{"car": ' + "[" * 100_000 + "]" * 100_000 + "}")
