"""With DRIVE_URL set, the app talks to that server over real HTTP, not the built-in one."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from app.drive.simulator import Simulator, SimulatorApp
from tests import factories
from tests.support.http import ApiClient

TOKEN = "drive-secret"


@pytest.fixture
def remote_drive(tmp_path):
    """Another Drive of the same contract on its own port, requiring an OAuth token."""
    simulator = Simulator(str(tmp_path / "remote-drive.sqlite3"), token=TOKEN)
    server = make_server("127.0.0.1", 0, SimulatorApp(simulator), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield simulator, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def app_config(app_config, remote_drive):
    _simulator, url = remote_drive
    return app_config | {
        "DRIVE_URL": url,
        "DRIVE_TOKEN": TOKEN,
        "DRIVE_READ_TIMEOUT": 3,
        "DRIVE_COMMAND_TIMEOUT": 3,
    }


def test_a_whole_repair_and_a_command_go_to_the_configured_drive(client, remote_drive, workshop):
    remote, _url = remote_drive
    scooter = next(s for s in remote.scooters() if not s.offline)
    api = ApiClient(client, factories.make_token(), [scooter.vehicle_id])
    api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})

    started = api.start_repair().get_json()
    info = api.get("/api/scooter/info", {"vehicle_id": scooter.vehicle_id}).get_json()
    command = api.post(
        "/api/scooter/control",
        {"vehicle_id": scooter.vehicle_id, "action": "open_lock", "performer_id": "rep-1"},
    )

    assert started["mileage_km_at_start"] == scooter.mileage_km
    assert info["number"] == scooter.number and info["drive"] == {"ok": True}
    assert command.status_code == 200
    assert remote.state(scooter.vehicle_id).lock_open is True
    assert remote.request_count("POST", "/api/taxi/car/control") == 1


def test_a_wrong_drive_token_is_a_drive_failure_not_a_crash(app, client, remote_drive, workshop):
    remote, _url = remote_drive
    app.extensions["drive"].token = "wrong"
    app.extensions["drive"].session.headers.pop("Authorization", None)
    scooter = next(s for s in remote.scooters() if not s.offline)
    api = ApiClient(client, factories.make_token(), [scooter.vehicle_id])

    started = api.start_repair()
    info = api.get("/api/scooter/info", {"vehicle_id": scooter.vehicle_id})

    assert started.status_code == 201 and started.get_json()["mileage_km_at_start"] is None
    assert info.status_code == 200 and info.get_json()["drive"]["ok"] is False
