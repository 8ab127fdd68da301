"""GET /api/scooter/repair-history: the scooter's repairs and its last completed one."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest

from app.clock import parse_rfc3339, to_rfc3339, utcnow
from app.drive.client import DETAILS_PATH
from app.extensions import db
from app.models import Vehicle
from app.repairs.lookup import find_repair
from app.settings import load as settings_from

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


def _age_known_mileage(vehicle_id, hours=0.0, seconds=0.0):
    """Make the mileage Drive told us look read that long ago; returns the reading's time."""
    vehicle = db.session.get(Vehicle, vehicle_id)
    vehicle.seen_at = utcnow() - timedelta(hours=hours, seconds=seconds)
    db.session.commit()
    return vehicle.seen_at


def _history(api, simulator):
    """The history answer's last repair, and how many times Drive was asked for it."""
    asked = simulator.request_count("GET", DETAILS_PATH)
    body = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()
    return body["last_repair"], simulator.request_count("GET", DETAILS_PATH) - asked


def _rode_since(api, simulator, km):
    """r-1 done, its snapshot `km` below the mileage Drive reports now."""
    finish(api, "r-1", [("grips", "completed")])
    find_repair("r-1").mileage_km_at_start = simulator.scooter(api.vehicle(1)).mileage_km - km
    db.session.commit()


def test_km_since_says_when_drive_read_the_mileage_behind_it(api, simulator):
    _rode_since(api, simulator, 42)
    read_at = _age_known_mileage(api.vehicle(1), seconds=540)  # within the default 600 s

    last, asked = _history(api, simulator)

    assert last["mileage_km_since"] == pytest.approx(42)
    assert last["mileage_read_at"] == to_rfc3339(read_at)
    assert asked == 0  # a reading that fresh is used as it is


def test_a_reading_older_than_the_max_age_is_not_used_while_drive_is_down(api, simulator):
    _rode_since(api, simulator, 42)
    _age_known_mileage(api.vehicle(1), seconds=660)
    simulator.set_faults("down")

    last, _asked = _history(api, simulator)

    assert last["repair_id"] == "r-1"
    assert last["mileage_km_since"] is None  # not 42 from a reading eleven minutes old
    assert last["mileage_read_at"] is None


def test_a_reading_older_than_the_max_age_is_read_again_and_kept(api, simulator):
    _rode_since(api, simulator, 42)
    _age_known_mileage(api.vehicle(1), seconds=660)

    before = utcnow()
    last, asked = _history(api, simulator)

    assert asked == 1
    assert last["mileage_km_since"] == pytest.approx(42)
    assert before <= parse_rfc3339(last["mileage_read_at"]) <= utcnow()
    again, asked_again = _history(api, simulator)  # the new reading is kept, and fresh
    assert asked_again == 0 and again["mileage_read_at"] == last["mileage_read_at"]


def test_max_age_0_asks_drive_on_every_request(app, api, simulator):
    app.config["MILEAGE_MAX_AGE_SECONDS"] = 0
    _rode_since(api, simulator, 42)

    readings = [_history(api, simulator) for _ in range(2)]

    assert [asked for _last, asked in readings] == [1, 1]
    first, second = (parse_rfc3339(last["mileage_read_at"]) for last, _asked in readings)
    assert first < second
    assert all(last["mileage_km_since"] == pytest.approx(42) for last, _asked in readings)
    simulator.set_faults("down")
    assert _history(api, simulator)[0]["mileage_km_since"] is None


def test_the_history_answer_matches_its_documented_schema(client, api, simulator):
    _rode_since(api, simulator, 42)
    document = client.get("/api/openapi.json").get_json()
    schema = document["components"]["schemas"]["RepairHistory"] | {
        "components": document["components"]
    }
    read_at = document["components"]["schemas"]["LastRepair"]["properties"]["mileage_read_at"]

    body = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()

    assert read_at["type"] == ["string", "null"] and read_at["format"] == "date-time"
    jsonschema.validate(body, schema)
    assert "mileage_read_at" in document["components"]["schemas"]["LastRepair"]["required"]


def test_the_max_age_is_read_in_seconds_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("MILEAGE_MAX_AGE_SECONDS", raising=False)
    assert settings_from(str(tmp_path))["MILEAGE_MAX_AGE_SECONDS"] == 600
    monkeypatch.setenv("MILEAGE_MAX_AGE_SECONDS", "0")
    settings = settings_from(str(tmp_path))
    assert settings["MILEAGE_MAX_AGE_SECONDS"] == 0 and "MILEAGE_MAX_AGE_HOURS" not in settings


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
