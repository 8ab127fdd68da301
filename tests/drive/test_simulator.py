"""The simulator, reached through the real DriveClient and the in-process transport adapter."""

from __future__ import annotations

import time

import pytest

from app.drive import (
    DriveBadResponse,
    DriveClient,
    DriveNotFound,
    DriveRefused,
    DriveTimeout,
    DriveUnavailable,
    Simulator,
)
from app.drive.simulator import CONTROL_PATH, DETAILS_PATH, generate_fleet
from app.drive.simulator.fleet import ELECTRIC, MECHANICAL

from .conftest import simulator_client

BUDGET = 0.5 + 1.5


def test_fleet_is_deterministic_and_plausible() -> None:
    fleet = generate_fleet()
    assert [s.vehicle_id for s in fleet.scooters] == [
        s.vehicle_id for s in generate_fleet.__wrapped__().scooters
    ]
    assert 250 <= len(fleet) <= 350
    numbers = [s.number for s in fleet.scooters]
    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 4 and n.isdigit() for n in numbers)
    assert fleet.by_number("0421") is not None
    broken = [s for s in fleet.scooters if any(t.tag == "broken" for t in s.tags)]
    assert 0.1 < len(broken) / len(fleet) < 0.3
    assert len({s.model for s in fleet.scooters}) >= 4
    assert all(3 <= len(s.firmware) <= 4 for s in fleet.scooters)
    assert all(50 <= s.mileage_km <= 6000 for s in fleet.scooters)


def test_details_by_id_and_by_number(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    scooter = drive_simulator.scooter(number="0421")
    by_number = sim_client.get_car(number="0421")
    by_id = sim_client.get_car(scooter.vehicle_id)
    assert by_id == by_number
    assert by_id.vehicle_id == scooter.vehicle_id
    assert by_id.model == "ninebot_max_g30"
    assert [c.comment for c in by_id.broken] == [
        "не работает задний тормоз, жалоба пользователя",
        "не горит фара",
    ]
    assert drive_simulator.request_count("GET", DETAILS_PATH) == 2


def test_unknown_car(sim_client: DriveClient) -> None:
    with pytest.raises(DriveNotFound):
        sim_client.get_car("no-such-car")
    with pytest.raises(DriveNotFound):
        sim_client.send_command("no-such-car", "open_lock")


def test_state_follows_commands(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    assert drive_simulator.state(car_id).wheel_blocked  # parked scooters have the wheel blocked
    assert sim_client.send_command(car_id, "open_lock").result["lock_open"] is True
    assert sim_client.send_command(car_id, "unblock_wheel").result["wheel_blocked"] is False
    sim_client.send_command(car_id, "headlight_on")
    state = drive_simulator.state(car_id)
    assert (state.lock_open, state.wheel_blocked, state.headlight_on) == (True, False, True)
    sim_client.send_command(car_id, "headlight_off")
    sim_client.send_command(car_id, "block_wheel")
    state = drive_simulator.state(car_id)
    assert (state.headlight_on, state.wheel_blocked) == (False, True)

    sim_client.send_command(car_id, "open_deck")
    assert drive_simulator.state(car_id).deck_open()
    with pytest.raises(DriveRefused) as caught:
        sim_client.send_command(car_id, "open_deck")
    assert caught.value.detail == "action_rejected"
    assert caught.value.message == "the deck is already open"


def test_self_test_finds_the_faults_behind_complaints(
    drive_simulator: Simulator, sim_client: DriveClient
) -> None:
    codes = {comment: finding.code for comment, finding in ELECTRIC}
    checked = 0
    for scooter in drive_simulator.scooters():
        if scooter.offline or scooter.battery_percent < 10:
            continue
        comments = [t.comment for t in scooter.tags if t.tag == "broken"]
        if not comments and checked > 20:
            continue
        result = sim_client.send_command(scooter.vehicle_id, "self_test").result
        expected = sorted(codes[c] for c in comments if c in codes)
        assert sorted(e["code"] for e in result["errors"]) == expected
        assert result["passed"] is (not expected)
        checked += 1
    assert checked > 40


def test_mechanical_complaints_pass_the_self_test(
    drive_simulator: Simulator, sim_client: DriveClient
) -> None:
    scooter = drive_simulator.scooter(number="0007")
    assert [t.comment for t in scooter.tags] == ["люфт руля"]
    assert "люфт руля" in MECHANICAL
    result = sim_client.send_command(scooter.vehicle_id, "self_test").result
    assert result == {"passed": True, "errors": []}


def test_refusals(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    offline = drive_simulator.scooter(number="0013")
    with pytest.raises(DriveRefused) as caught:
        sim_client.send_command(offline.vehicle_id, "open_lock")
    assert caught.value.detail == "car_offline"
    low = drive_simulator.scooter(number="0100")
    with pytest.raises(DriveRefused) as caught:
        sim_client.send_command(low.vehicle_id, "self_test")
    assert caught.value.detail == "action_rejected"


@pytest.mark.parametrize(
    ("mode", "error", "applied", "unknown"),
    [
        ("down", DriveUnavailable, False, False),
        ("timeout", DriveTimeout, True, True),
        ("trickle", DriveTimeout, True, True),
        ("huge", DriveBadResponse, True, True),
        ("reset", DriveBadResponse, True, True),
        ("error500", DriveRefused, False, False),
        ("garbage", DriveBadResponse, True, True),
    ],
)
def test_fault_modes_on_commands(
    drive_simulator: Simulator,
    sim_client: DriveClient,
    mode: str,
    error: type,
    applied: bool,
    unknown: bool,
) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    drive_simulator.set_faults(mode)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        sim_client.send_command(car_id, "open_lock")
    assert time.monotonic() - started < BUDGET
    assert caught.value.outcome_unknown is unknown
    drive_simulator.clear_faults()
    assert drive_simulator.state(car_id).lock_open is applied
    assert drive_simulator.commands(car_id) == ([(car_id, "open_lock", 200)] if applied else [])
    received = 0 if mode == "down" else 1
    assert drive_simulator.request_count("POST", CONTROL_PATH) == received


@pytest.mark.parametrize(
    ("mode", "error", "read_kind"),
    [
        ("down", DriveUnavailable, "unavailable"),
        ("timeout", DriveTimeout, "timeout"),
        ("trickle", DriveTimeout, "timeout"),
        ("huge", DriveBadResponse, "bad_response"),
        ("reset", DriveBadResponse, "bad_response"),
        ("error500", DriveRefused, "bad_response"),
        ("garbage", DriveBadResponse, "bad_response"),
    ],
)
def test_fault_modes_on_reads(
    drive_simulator: Simulator, sim_client: DriveClient, mode: str, error: type, read_kind: str
) -> None:
    drive_simulator.set_faults(mode)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        sim_client.get_car(number="0421")
    assert time.monotonic() - started < BUDGET
    assert caught.value.read_error_kind == read_kind


def test_latency_below_and_above_the_timeout(
    drive_simulator: Simulator, sim_client: DriveClient
) -> None:
    drive_simulator.set_faults("slow", latency=0.2)
    started = time.monotonic()
    sim_client.get_car(number="0421")
    assert 0.2 <= time.monotonic() - started < BUDGET
    drive_simulator.set_faults("slow", latency=5)
    with pytest.raises(DriveTimeout):
        sim_client.get_car(number="0421")


def test_scope_and_error_rate(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    drive_simulator.set_faults("error500", scope="commands")
    sim_client.get_car(car_id)
    with pytest.raises(DriveRefused):
        sim_client.send_command(car_id, "headlight_on")
    drive_simulator.set_faults("error500", scope="reads")
    sim_client.send_command(car_id, "headlight_on")
    drive_simulator.set_faults("error500", error_rate=0.0)
    sim_client.get_car(car_id)


def test_token_is_checked(tmp_path: object) -> None:
    drive_simulator = Simulator(str(tmp_path / "sim.sqlite3"), token="s3cret")  # type: ignore[operator]
    with pytest.raises(DriveRefused) as caught:
        simulator_client(drive_simulator).get_car(number="0421")
    assert caught.value.detail == "unauthorized"
    assert simulator_client(drive_simulator, token="s3cret").get_car(number="0421").number == "0421"


def test_invalid_faults_are_rejected(drive_simulator: Simulator) -> None:
    with pytest.raises(ValueError):
        drive_simulator.set_faults("explode")
    with pytest.raises(ValueError):
        drive_simulator.set_faults("error500", error_rate=2)


def test_reset_forgets_everything(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    sim_client.send_command(car_id, "open_lock")
    drive_simulator.set_faults("garbage")
    drive_simulator.reset()
    assert not drive_simulator.state(car_id).lock_open
    assert drive_simulator.faults().mode == "ok"
    assert drive_simulator.request_count("POST", CONTROL_PATH) == 0


def test_a_cars_details_can_be_edited(drive_simulator: Simulator, sim_client: DriveClient) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    drive_simulator.edit_car(car_id, model="ninebot_max_g30_pro", number="A-0421")
    drive_simulator.edit_car(car_id, mileage_km=2001.5)

    car = sim_client.get_car(number="A-0421")
    assert (car.vehicle_id, car.model, car.mileage_km) == (car_id, "ninebot_max_g30_pro", 2001.5)
    assert sim_client.get_car(car_id).number == "A-0421"
    with pytest.raises(DriveNotFound):
        sim_client.get_car(number="0421")  # renumbered
    with pytest.raises(ValueError):
        drive_simulator.edit_car(car_id, colour="red")
    with pytest.raises(KeyError):
        drive_simulator.edit_car("no-such-car", model="x")

    drive_simulator.reset()
    assert sim_client.get_car(number="0421").model == "ninebot_max_g30"
