"""app.mileage.snapshot: a repair started while Drive was down gets its mileage from the next
successful read of that scooter, while it is the latest repair and performs or ended lately."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.mileage import may_fill_start_mileage, read_car_and_remember
from app.models import Repair, Status
from tests.mileage.factories import km_since_of, make_repair


def snapshot_of(repair: Repair) -> float | None:
    db.session.expire_all()
    return db.session.get(Repair, repair.id).mileage_km_at_start


@pytest.mark.parametrize(
    ("status", "ended_hours_ago", "filled"),
    [
        (Status.PERFORMING, None, True),
        (Status.COMPLETED, 1, True),
        (Status.FAILED, 23.5, True),
        (Status.CANCELLED, 23.5, True),
        (Status.COMPLETED, 24.5, False),
        (Status.FAILED, 48, False),
    ],
)
def test_a_read_fills_in_the_latest_repairs_missing_snapshot_within_the_window(
    scooter, simulator, status, ended_hours_ago, filled
):
    repair = make_repair(scooter, 30, ended_hours_ago, status=status)
    window_open = may_fill_start_mileage(status, repair.finished_at)

    read_car_and_remember(scooter)

    mileage = simulator.scooter(scooter).mileage_km
    assert snapshot_of(repair) == (mileage if filled else None)
    assert window_open is filled  # what the history API expects is what a read does


def test_the_window_is_mileage_backfill_hours_long(app, scooter):
    app.config["MILEAGE_BACKFILL_HOURS"] = 2
    repair = make_repair(scooter, 4, 3)

    assert not may_fill_start_mileage(repair.status, repair.finished_at)
    read_car_and_remember(scooter)
    assert snapshot_of(repair) is None


def test_only_the_scooters_latest_repair_is_filled_in(scooter, simulator):
    older = make_repair(scooter, 5, 4)
    latest = make_repair(scooter, 2, None)

    read_car_and_remember(scooter)

    assert snapshot_of(older) is None  # the scooter may have ridden since
    assert snapshot_of(latest) == simulator.scooter(scooter).mileage_km


def test_a_snapshot_taken_is_never_overwritten(scooter, simulator):
    repair = make_repair(scooter, 2, None, mileage_km=1000.0)
    simulator.edit_car(scooter, mileage_km=1200.0)

    read_car_and_remember(scooter)

    assert snapshot_of(repair) == 1000.0


def test_a_read_without_mileage_fills_in_nothing(scooter, simulator):
    repair = make_repair(scooter, 2, None)
    simulator.edit_car(scooter, mileage_km=None)

    read_car_and_remember(scooter)

    assert snapshot_of(repair) is None


def test_a_filled_snapshot_gives_the_repairs_jobs_their_km_since_the_same_job(scooter, simulator):
    mileage = simulator.scooter(scooter).mileage_km
    make_repair(scooter, 50, 49, mileage_km=mileage - 250, jobs=(("brake_cable", "completed"),))
    repair = make_repair(scooter, 3, 1, jobs=(("brake_cable", "completed"), ("grips", "completed")))
    assert km_since_of(repair) == {"brake_cable": None, "grips": None}

    read_car_and_remember(scooter)

    assert km_since_of(repair) == {"brake_cable": pytest.approx(250), "grips": None}
