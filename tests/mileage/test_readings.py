"""app.mileage.readings: asking Drive for a car, keeping what it said, and how old a kept
reading may be for "km since the last repair"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.drive.client import DETAILS_PATH
from app.errors import Unprocessable
from app.extensions import db
from app.mileage import (
    MileageReading,
    fresh_reading,
    fresh_reading_or_read_and_remember,
    last_known_reading,
    read_car_and_remember,
    read_mileage_and_remember,
    read_start_mileage_and_remember,
)
from app.models import Vehicle


def kept(vehicle_id: str) -> Vehicle | None:
    db.session.expire_all()
    return db.session.get(Vehicle, vehicle_id)


def test_a_read_keeps_the_cars_number_model_and_mileage_with_its_time(scooter, simulator):
    before = utcnow()

    reading = read_car_and_remember(scooter)

    car = simulator.scooter(scooter)
    assert (reading.car.number, reading.car.mileage_km) == (car.number, car.mileage_km)
    assert before <= reading.read_at <= utcnow()
    row = kept(scooter)
    assert (row.number, row.model, row.mileage_km) == (car.number, car.model, car.mileage_km)
    assert row.seen_at == reading.read_at
    assert last_known_reading(row) == MileageReading(car.mileage_km, reading.read_at)


def test_a_read_by_plate_number_keeps_the_car_under_its_id(scooter, simulator):
    number = simulator.scooter(scooter).number

    reading = read_car_and_remember(number=number)

    assert reading.car.vehicle_id == scooter
    assert kept(scooter).number == number


def test_a_read_that_changes_nothing_writes_nothing(scooter):
    first = read_car_and_remember(scooter)

    second = read_car_and_remember(scooter)

    assert second.read_at > first.read_at
    assert kept(scooter).seen_at == first.read_at  # the reading that last wrote the row


def test_a_new_mileage_is_kept_at_once(scooter, simulator):
    read_car_and_remember(scooter)
    simulator.edit_car(scooter, mileage_km=4321.5)

    reading = read_mileage_and_remember(scooter)

    assert reading.km == 4321.5
    assert (kept(scooter).mileage_km, kept(scooter).seen_at) == (4321.5, reading.read_at)


def test_an_unchanged_reading_is_written_again_at_half_the_max_age(app, scooter):
    app.config["MILEAGE_MAX_AGE_SECONDS"] = 600
    read_car_and_remember(scooter)
    row = kept(scooter)
    row.seen_at = utcnow() - timedelta(seconds=301)
    db.session.commit()

    reading = read_car_and_remember(scooter)

    assert kept(scooter).seen_at == reading.read_at


def test_while_drive_is_down_no_mileage_is_read_and_what_we_knew_stays(scooter, simulator):
    first = read_car_and_remember(scooter)
    simulator.set_faults("down")

    assert read_mileage_and_remember(scooter) is None
    assert last_known_reading(kept(scooter)) == first.mileage


def test_a_repair_starts_with_drives_mileage_and_keeps_it(scooter, simulator):
    km = read_start_mileage_and_remember(scooter)

    assert km == simulator.scooter(scooter).mileage_km
    assert kept(scooter).mileage_km == km


def test_a_repair_starts_without_mileage_while_drive_is_down(scooter, simulator):
    simulator.set_faults("timeout")

    assert read_start_mileage_and_remember(scooter) is None
    assert kept(scooter) is None


def test_a_car_drive_does_not_know_is_refused_at_start(scooter):
    with pytest.raises(Unprocessable) as refused:
        read_start_mileage_and_remember("no-such-scooter")

    assert refused.value.code == "unknown_vehicle"


@pytest.mark.parametrize(
    ("max_age", "age", "fresh"), [(600, 540, True), (600, 660, False), (0, 0, False)]
)
def test_a_kept_reading_is_fresh_up_to_the_max_age(app, max_age, age, fresh):
    app.config["MILEAGE_MAX_AGE_SECONDS"] = max_age
    reading = MileageReading(1234.5, utcnow() - timedelta(seconds=age))

    assert fresh_reading(reading) == (reading if fresh else None)


def test_a_fresh_kept_reading_serves_without_asking_drive(scooter, simulator):
    reading = MileageReading(1234.5, utcnow() - timedelta(seconds=540))
    simulator.set_faults("down")

    assert fresh_reading_or_read_and_remember(scooter, reading) == reading
    assert simulator.request_count("GET", DETAILS_PATH) == 0


def test_an_old_kept_reading_is_read_again_from_drive_and_kept(scooter, simulator):
    old = MileageReading(1234.5, utcnow() - timedelta(seconds=660))

    reading = fresh_reading_or_read_and_remember(scooter, old)

    assert reading.km == simulator.scooter(scooter).mileage_km
    assert simulator.request_count("GET", DETAILS_PATH) == 1
    assert last_known_reading(kept(scooter)) == reading


def test_an_old_kept_reading_gives_none_while_drive_is_down(scooter, simulator):
    simulator.set_faults("down")
    old = MileageReading(1234.5, utcnow() - timedelta(seconds=660))

    assert fresh_reading_or_read_and_remember(scooter, old) is None
