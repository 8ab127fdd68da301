"""A scooter's repair history and its summary, the last completed repair with the km since
(app.scooters.history), and what we keep of a scooter Drive told us about (vehicles)."""

from __future__ import annotations

from app.clock import utcnow
from app.drive.client import DETAILS_PATH
from app.mileage import read_car_and_remember
from app.scooters.history import active_repair, last_completed, recent_repairs, scooter_history
from app.scooters.vehicles import known_number, known_vehicle_id
from tests.scooters.conftest import repaired


def test_recent_repairs_come_newest_first_with_their_jobs_and_repairers(scooter):
    repaired(scooter.vehicle_id, "r-1", jobs=("grips", "kickstand"))
    repaired(scooter.vehicle_id, "r-2", "cancelled", jobs=(), performer_id="rep-2")
    repaired(scooter.vehicle_id, "r-3", "performing", jobs=("reflectors",))

    recent = recent_repairs(scooter.vehicle_id, 10)
    capped = recent_repairs(scooter.vehicle_id, 2)

    assert [(r.repair_id, r.status, r.performer_name) for r in recent] == [
        ("r-3", "performing", "Иван Петров"),
        ("r-2", "cancelled", "Пётр Иванов"),
        ("r-1", "completed", "Иван Петров"),
    ]
    assert [[(j.type, j.status) for j in r.jobs] for r in recent] == [
        [("reflectors", "completed")],
        [],
        [("grips", "completed"), ("kickstand", "completed")],
    ]
    assert recent[0].place_timezone == "Europe/Moscow"
    assert [r.repair_id for r in capped] == ["r-3", "r-2"]
    assert recent_repairs("never-repaired", 10) == []


def test_the_last_completed_repair_is_found_beyond_the_listed_ones(scooter):
    repaired(scooter.vehicle_id, "r-1")
    repaired(scooter.vehicle_id, "r-2", "failed")
    recent = recent_repairs(scooter.vehicle_id, 1)

    assert last_completed(scooter.vehicle_id, recent, 1).repair_id == "r-1"
    assert (
        last_completed(scooter.vehicle_id, recent_repairs(scooter.vehicle_id, 5), 5).repair_id
        == "r-1"
    )


def test_the_summary_counts_km_since_from_a_fresh_kept_reading_without_asking_drive(
    scooter, simulator
):
    repaired(scooter.vehicle_id, "r-1")  # the start read Drive, so a fresh reading is kept
    asked = simulator.request_count("GET", DETAILS_PATH)

    repairs, last = scooter_history(scooter.vehicle_id, 10)

    assert [r.repair_id for r in repairs] == ["r-1"]
    assert (last.repair.repair_id, last.mileage_km_since, last.job_types) == ("r-1", 0.0, ["grips"])
    assert simulator.request_count("GET", DETAILS_PATH) == asked


def test_with_max_age_0_the_summary_asks_drive_and_counts_the_km_ridden_since(
    app, scooter, simulator
):
    app.config["MILEAGE_MAX_AGE_SECONDS"] = 0
    repaired(scooter.vehicle_id, "r-1")
    simulator.edit_car(scooter.vehicle_id, mileage_km=scooter.mileage_km + 75.5)
    before = utcnow()

    _, last = scooter_history(scooter.vehicle_id, 10)

    assert last.mileage_km_since == 75.5
    assert before <= last.mileage_read_at <= utcnow()
    simulator.set_faults("down")
    _, down = scooter_history(scooter.vehicle_id, 10)
    assert (down.repair.repair_id, down.mileage_km_since, down.mileage_read_at) == (
        "r-1",
        None,
        None,
    )


def test_a_summary_fills_in_the_mileage_of_a_repair_started_while_drive_was_down(
    scooter, simulator
):
    simulator.set_faults("down")
    repaired(scooter.vehicle_id, "r-1")
    simulator.clear_faults()

    repairs, last = scooter_history(scooter.vehicle_id, 10)

    assert repairs[0].mileage_km_at_start == scooter.mileage_km
    assert last.mileage_km_since == 0.0


def test_a_scooter_never_completed_has_history_but_no_last_repair(scooter):
    repaired(scooter.vehicle_id, "r-1", "cancelled")
    repaired(scooter.vehicle_id, "r-2", "performing")

    repairs, last = scooter_history(scooter.vehicle_id, 10)

    assert [r.repair_id for r in repairs] == ["r-2", "r-1"] and last is None
    assert active_repair(scooter.vehicle_id).repair_id == "r-2"


def test_a_plate_number_moved_to_another_scooter_is_found_on_the_one_seen_last(
    scooter, simulator, vehicle_ids
):
    read_car_and_remember(scooter.vehicle_id)
    assert known_vehicle_id(scooter.number) == scooter.vehicle_id
    simulator.edit_car(vehicle_ids[1], number=scooter.number)  # the plate went on another one

    read_car_and_remember(vehicle_ids[1])

    assert known_vehicle_id(scooter.number) == vehicle_ids[1]
    assert known_number(vehicle_ids[1]) == scooter.number
    assert known_vehicle_id("never-seen") is None and known_number("never-seen") is None
