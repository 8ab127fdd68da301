"""The scooter card (app.scooters.card): Drive's live data and our repair records, with Drive up
and with Drive failing."""

from __future__ import annotations

import pytest

from app.drive import DriveTimeout, DriveUnavailable
from app.errors import NotFound
from app.scooters.card import DriveLookupFailed, scooter_card, stored_card
from app.scooters.history import recent_repairs
from app.scooters.vehicles import known_by_number
from tests.scooters.conftest import repaired


def test_with_drive_up_the_card_shows_drives_car_and_no_repairs(scooter):
    card = scooter_card(vehicle_id=scooter.vehicle_id)

    assert (card.vehicle_id, card.number, card.drive_ok, card.drive_pending) == (
        scooter.vehicle_id,
        scooter.number,
        True,
        False,
    )
    assert (card.car.model, card.car.mileage_km, card.car.battery_percent) == (
        scooter.model,
        scooter.mileage_km,
        scooter.battery_percent,
    )
    assert dict(card.car.firmware) == scooter.firmware
    assert card.active_repair is None and card.last_repair is None


def test_a_card_asked_by_plate_number_is_the_same_scooter(scooter):
    card = scooter_card(number=scooter.number)

    assert (card.vehicle_id, card.car.mileage_km) == (scooter.vehicle_id, scooter.mileage_km)


def test_the_card_shows_the_repair_in_progress_and_the_last_completed_one(scooter, simulator):
    repaired(scooter.vehicle_id, "r-1", jobs=("grips", "kickstand"))
    repaired(scooter.vehicle_id, "r-2", "cancelled")
    repaired(scooter.vehicle_id, "r-3", "performing", jobs=())
    simulator.edit_car(scooter.vehicle_id, mileage_km=scooter.mileage_km + 120.5)

    card = scooter_card(vehicle_id=scooter.vehicle_id)

    assert (card.active_repair.repair_id, card.active_repair.status) == ("r-3", "performing")
    last = card.last_repair
    assert last.repair.repair_id == "r-1"  # the cancelled one is not a repair done
    assert last.job_types == ["grips", "kickstand"]
    assert last.mileage_km_since == 120.5
    assert last.finished_at is not None and last.mileage_read_at is not None


def test_a_scooter_drive_does_not_know_has_no_card(scooter):
    with pytest.raises(NotFound):
        scooter_card(vehicle_id="no-such-scooter")
    with pytest.raises(NotFound):
        scooter_card(number="0000-no-such-plate")


@pytest.mark.parametrize("mode,error", [("down", DriveUnavailable), ("timeout", DriveTimeout)])
def test_with_drive_failing_the_card_still_shows_our_records(scooter, simulator, mode, error):
    repaired(scooter.vehicle_id, "r-1")  # Drive up: the number and the mileage are kept
    repaired(scooter.vehicle_id, "r-2", "performing", jobs=())
    simulator.set_faults(mode)

    card = scooter_card(vehicle_id=scooter.vehicle_id)

    assert (card.car, card.drive_ok) == (None, False)
    assert isinstance(card.drive_error, error)
    assert card.number == scooter.number  # from our own records
    assert card.active_repair.repair_id == "r-2"
    assert card.last_repair.repair.repair_id == "r-1"
    assert card.last_repair.mileage_km_since is None  # no live reading to count from


def test_with_drive_down_a_plate_number_seen_before_still_finds_the_scooter(scooter, simulator):
    scooter_card(vehicle_id=scooter.vehicle_id)  # Drive up: the number is kept
    simulator.set_faults("down")

    card = scooter_card(number=scooter.number)

    assert (card.vehicle_id, card.number, card.drive_ok) == (
        scooter.vehicle_id,
        scooter.number,
        False,
    )


def test_with_drive_down_a_plate_number_never_seen_cannot_be_resolved(scooter, simulator):
    simulator.set_faults("down")

    with pytest.raises(DriveLookupFailed) as refused:
        scooter_card(number=scooter.number)

    assert (refused.value.status, refused.value.code) == (503, "drive_unavailable")
    assert refused.value.extra == {"number": scooter.number, "drive_error": "unavailable"}


def test_the_stored_card_comes_from_our_records_and_leaves_drive_for_later(scooter, simulator):
    repaired(scooter.vehicle_id, "r-1")
    repaired(scooter.vehicle_id, "r-2", "performing", jobs=())
    known = known_by_number(scooter.number)
    asked = simulator.request_count("GET", "/api/taxi/car/details")
    simulator.set_faults("down")  # not asked at all

    card = stored_card(known, recent_repairs(scooter.vehicle_id, 5), 5)

    assert (card.vehicle_id, card.number, card.car, card.drive_pending) == (
        scooter.vehicle_id,
        scooter.number,
        None,
        True,
    )
    assert card.active_repair.repair_id == "r-2"
    assert card.last_repair.repair.repair_id == "r-1"
    # km since, by the mileage Drive last told us (the page says "last known")
    assert card.last_repair.mileage_km_since == 0.0
    assert simulator.request_count("GET", "/api/taxi/car/details") == asked


def test_the_stored_card_of_a_scooter_without_a_repair_in_progress(scooter):
    repaired(scooter.vehicle_id, "r-1", "failed")
    known = known_by_number(scooter.number)

    card = stored_card(known, recent_repairs(scooter.vehicle_id, 5), 5)

    assert card.active_repair is None and card.last_repair is None
