"""GET /api/scooter/repair-history: the scooter's repairs and its last completed one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.models import Vehicle
from app.repairs.lookup import find_repair

pytestmark = pytest.mark.usefixtures("workshop")


def finish(api, repair_id, job_results, performer="rep-1", repair_status=None):
    api.start_repair(repair_id, performer_id=performer)
    for n, (job_type, status) in enumerate(job_results):
        api.start_job(f"{repair_id}-j{n}", repair_id=repair_id, job_type=job_type)
        api.end_job(f"{repair_id}-j{n}", status=status)
    return api.end_repair(repair_id, status=repair_status).get_json()


def test_a_scooter_never_repaired_has_an_empty_history(api):
    response = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(3)})

    assert response.status_code == 200
    assert response.get_json() == {"vehicle_id": api.vehicle(3), "repairs": [], "last_repair": None}


def test_history_lists_repairs_newest_first_with_jobs_and_performer(api):
    finish(api, "r-1", [("grips", "completed")])
    finish(api, "r-2", [("fenders", "completed"), ("kickstand", "failed")], performer="rep-2")
    api.start_repair("r-3")

    body = api.get("/api/scooter/repair-history", {"vehicle-id": api.vehicle(1)}).get_json()

    assert [r["repair_id"] for r in body["repairs"]] == ["r-3", "r-2", "r-1"]
    second = body["repairs"][1]
    assert second["performer_name"] == "Пётр Иванов"
    assert second["place_id"] == "wh-1"
    assert [(j["type"], j["status"]) for j in second["jobs"]] == [
        ("fenders", "completed"),
        ("kickstand", "failed"),
    ]


def test_last_repair_is_the_latest_completed_one_with_its_done_jobs(api, simulator):
    finish(api, "r-1", [("grips", "completed")])
    finish(api, "r-2", [("fenders", "completed"), ("kickstand", "failed")], performer="rep-2")
    finish(api, "r-3", [("wrapping", "completed")], repair_status="cancelled")
    # The scooter rode 120.5 km since r-2's snapshot.
    current = simulator.scooter(api.vehicle(1)).mileage_km
    find_repair("r-2").mileage_km_at_start = current - 120.5
    db.session.commit()

    last = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()[
        "last_repair"
    ]

    assert last["repair_id"] == "r-2"
    assert last["performer_id"] == "rep-2" and last["performer_name"] == "Пётр Иванов"
    assert last["job_types"] == ["fenders"]
    assert last["mileage_km_at_repair"] == pytest.approx(current - 120.5)
    assert last["mileage_km_since"] == pytest.approx(120.5)


def test_km_since_uses_the_mileage_drive_reported_lately_even_while_drive_is_down(api, simulator):
    finish(api, "r-1", [("grips", "completed")])
    simulator.set_faults("down")

    body = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()

    assert body["last_repair"]["repair_id"] == "r-1"
    assert body["last_repair"]["mileage_km_since"] == 0
    assert len(body["repairs"]) == 1


def _age_known_mileage(vehicle_id, hours):
    vehicle = db.session.get(Vehicle, vehicle_id)
    vehicle.seen_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def test_an_old_mileage_is_asked_of_drive_again(api, simulator):
    finish(api, "r-1", [("grips", "completed")])
    find_repair("r-1").mileage_km_at_start = simulator.scooter(api.vehicle(1)).mileage_km - 42
    _age_known_mileage(api.vehicle(1), hours=25)

    body = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()

    assert body["last_repair"]["mileage_km_since"] == pytest.approx(42)
    assert utcnow() - db.session.get(Vehicle, api.vehicle(1)).seen_at < timedelta(minutes=1)


def test_km_since_is_null_when_the_known_mileage_is_old_and_drive_cannot_say(api, simulator):
    finish(api, "r-1", [("grips", "completed")])
    _age_known_mileage(api.vehicle(1), hours=25)
    simulator.set_faults("down")

    body = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()

    assert body["last_repair"]["repair_id"] == "r-1"
    assert body["last_repair"]["mileage_km_since"] is None


def test_last_repair_is_found_beyond_the_listed_repairs(api):
    finish(api, "r-1", [("grips", "completed")])
    finish(api, "r-2", [("fenders", "completed")], repair_status="failed")
    finish(api, "r-3", [("wrapping", "completed")], repair_status="cancelled")

    body = api.get(
        "/api/scooter/repair-history", {"vehicle_id": api.vehicle(1), "limit": 2}
    ).get_json()

    assert [r["repair_id"] for r in body["repairs"]] == ["r-3", "r-2"]
    assert body["last_repair"]["repair_id"] == "r-1"
    assert body["last_repair"]["job_types"] == ["grips"]


def test_limit_caps_the_list(api):
    for n in range(3):
        finish(api, f"r-{n}", [("grips", "completed")])

    body = api.get(
        "/api/scooter/repair-history", {"vehicle_id": api.vehicle(1), "limit": "2"}
    ).get_json()

    assert [r["repair_id"] for r in body["repairs"]] == ["r-2", "r-1"]


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-1"])
def test_a_limit_out_of_range_is_invalid_request(api, limit):
    response = api.get(
        "/api/scooter/repair-history", {"vehicle_id": api.vehicle(1), "limit": limit}
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "limit"
