"""A whole repair survives a Drive outage, and the mileage is filled in when Drive is back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Job
from app.repairs.lookup import find_repair

pytestmark = pytest.mark.usefixtures("workshop")


@pytest.mark.parametrize("mode", ["down", "timeout", "error500", "garbage"])
def test_a_repair_started_finished_while_drive_fails_gets_its_mileage_later(api, simulator, mode):
    simulator.set_faults(mode)

    started = api.start_repair()
    api.start_job("j-1", job_type="brake_cable")
    api.start_job("j-2", job_type="grips")
    api.end_job("j-1")
    api.end_job("j-2", status="failed")
    ended = api.end_repair()

    assert started.status_code == 201
    assert started.get_json()["mileage_km_at_start"] is None
    assert ended.status_code == 200 and ended.get_json()["status"] == "completed"
    assert [j["status"] for j in ended.get_json()["jobs"]] == ["completed", "failed"]

    simulator.clear_faults()
    api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)})

    history = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()
    mileage = simulator.scooter(api.vehicle(1)).mileage_km
    assert history["last_repair"]["mileage_km_at_repair"] == mileage
    assert history["last_repair"]["mileage_km_since"] == 0


def test_mileage_is_filled_in_at_the_end_if_drive_is_back_by_then(api, simulator):
    simulator.set_faults("down")
    api.start_repair()
    api.start_job("j-1")
    api.end_job("j-1")
    simulator.clear_faults()

    ended = api.end_repair().get_json()

    assert ended["mileage_km_at_start"] == simulator.scooter(api.vehicle(1)).mileage_km


def test_repair_start_snapshots_the_mileage_when_drive_answers(api, simulator):
    body = api.start_repair().get_json()

    assert body["mileage_km_at_start"] == simulator.scooter(api.vehicle(1)).mileage_km


def test_a_vehicle_drive_does_not_know_cannot_be_repaired(api):
    response = api.start_repair(vehicle_id="no-such-scooter")

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_vehicle"


def test_a_late_mileage_also_gives_the_repairs_jobs_their_km_since_the_same_job(api, simulator):
    mileage = simulator.scooter(api.vehicle(1)).mileage_km
    api.start_repair("r-1")
    api.start_job("j-1", repair_id="r-1", job_type="brake_cable")
    api.end_job("j-1")
    api.end_repair("r-1")
    find_repair("r-1").mileage_km_at_start = mileage - 250  # it rode 250 km since
    db.session.commit()
    simulator.set_faults("down")
    api.start_repair("r-2")
    api.start_job("j-2", repair_id="r-2", job_type="brake_cable")
    api.end_job("j-2")
    api.end_repair("r-2")
    assert db.session.scalar(select(Job.km_since_same_type).where(Job.job_id == "j-2")) is None

    simulator.clear_faults()
    api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)})

    db.session.expire_all()
    assert db.session.scalar(select(Job.km_since_same_type).where(Job.job_id == "j-2")) == 250


def test_the_history_api_fills_in_a_missing_mileage_once_drive_is_back(api, simulator):
    api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)})  # Drive told us its mileage
    simulator.set_faults("down")
    api.start_repair()
    api.start_job("j-1")
    api.end_job("j-1")
    api.end_repair()
    simulator.clear_faults()

    history = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()

    mileage = simulator.scooter(api.vehicle(1)).mileage_km
    assert history["last_repair"]["mileage_km_at_repair"] == mileage
    assert history["last_repair"]["mileage_km_since"] == 0
