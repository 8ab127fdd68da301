"""app.mileage.same_job: the km a scooter rode between two repairs that completed the same job."""

from __future__ import annotations

import pytest

from app.database import write_transaction
from app.extensions import db
from app.mileage import fill_km_since_same_job, km_since_same_job_update
from tests.mileage.factories import km_since_of, make_repair


def fill(vehicle_id: str, job_type: str | None = None) -> None:
    with write_transaction():
        fill_km_since_same_job(vehicle_id, job_type)


def test_each_job_counts_from_the_last_repair_that_completed_the_same_type(scooter):
    first = make_repair(scooter, 90, 89, mileage_km=100.0, jobs=(("brake_cable", "completed"),))
    other = make_repair(scooter, 60, 59, mileage_km=180.0, jobs=(("grips", "completed"),))
    failed = make_repair(scooter, 40, 39, mileage_km=220.0, jobs=(("brake_cable", "failed"),))
    unknown = make_repair(scooter, 30, 29, jobs=(("brake_cable", "completed"),))
    last = make_repair(
        scooter,
        3,
        2,
        mileage_km=400.5,
        jobs=(("brake_cable", "completed"), ("grips", "completed"), ("fenders", "completed")),
    )

    fill(scooter)

    assert km_since_of(first) == {"brake_cable": None}  # nothing before it
    assert km_since_of(other) == {"grips": None}
    assert km_since_of(failed) == {}  # a failed job is no interval
    assert km_since_of(unknown) == {"brake_cable": None}  # no mileage, and skipped as a start
    assert km_since_of(last) == {
        "brake_cable": pytest.approx(300.5),
        "grips": pytest.approx(220.5),
        "fenders": None,
    }


def test_one_type_is_worked_out_alone_when_asked(scooter):
    make_repair(scooter, 90, 89, mileage_km=100.0, jobs=(("brake_cable", "completed"),))
    make_repair(scooter, 60, 59, mileage_km=150.0, jobs=(("grips", "completed"),))
    last = make_repair(
        scooter, 3, 2, mileage_km=400.0, jobs=(("brake_cable", "completed"), ("grips", "completed"))
    )

    fill(scooter, "grips")

    assert km_since_of(last) == {"brake_cable": None, "grips": pytest.approx(250)}


def test_other_scooters_are_left_alone_and_everything_is_worked_out_at_once(scooter, vehicle_ids):
    other = vehicle_ids[1]
    make_repair(other, 90, 89, mileage_km=10.0, jobs=(("grips", "completed"),))
    theirs = make_repair(other, 3, 2, mileage_km=70.0, jobs=(("grips", "completed"),))
    make_repair(scooter, 90, 89, mileage_km=500.0, jobs=(("grips", "completed"),))
    mine = make_repair(scooter, 3, 2, mileage_km=530.0, jobs=(("grips", "completed"),))

    fill(scooter)
    assert km_since_of(theirs) == {"grips": None}
    assert km_since_of(mine) == {"grips": pytest.approx(30)}

    with write_transaction():
        db.session.execute(km_since_same_job_update())  # the demo data and data generator's way
    assert km_since_of(theirs) == {"grips": pytest.approx(60)}
