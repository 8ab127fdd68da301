"""A worker killed with SIGKILL in the middle of load leaves nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from datetime import datetime, timedelta

import pytest
import requests

from devtools.server import gunicorn
from tests import factories
from tests.support.fake_drive import Reply, start_fake_drive, stop_fake_drive
from tests.support.invariants import violations
from tests.support.load import run_repairers

pytestmark = pytest.mark.slow


def _workers(master_pid: int) -> list[int]:
    """Pids of the gunicorn master's worker processes."""
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return sorted(int(pid) for pid in out.stdout.split())


@pytest.fixture
def server(server_env, tmp_path):
    """gunicorn and its master's pid, so the test can find and kill its workers."""
    with gunicorn(server_env, workers=4, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base, served.pid


def test_killing_workers_mid_load_loses_and_corrupts_nothing(server, crowd, vehicle_ids):
    base, master = server
    performers, token = crowd
    killed = []

    def assassin() -> None:
        for _ in range(3):
            time.sleep(2)
            victims = _workers(master)
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                killed.append(victims[0])

    thread = threading.Thread(target=assassin)
    thread.start()
    result = run_repairers(base, token, performers[:30], "wh-1", vehicle_ids, 10)
    thread.join()

    assert len(killed) == 3
    assert result.server_errors == 0, result.statuses
    assert result.repairs_finished > 0
    assert violations() == {}
    # The server keeps serving after its workers died.
    after = requests.get(
        f"{base}/api/job-types", timeout=10, headers={"Authorization": f"Bearer {token}"}
    )
    assert after.status_code == 200


COMMAND_TIMEOUT, MARGIN = 10.0, 2.0


@pytest.fixture
def silent_drive():
    """A Drive that takes commands and never answers them (its car details are garbage)."""
    drive = start_fake_drive().then(Reply(200, {}))
    drive.always(Reply(200, {"status": "ok", "result": {}}, delay=300))
    yield drive
    stop_fake_drive(drive)


@pytest.fixture
def silent_server(server_env, silent_drive, tmp_path):
    env = server_env | {
        "DRIVE_URL": silent_drive.url,
        "DRIVE_COMMAND_TIMEOUT": str(COMMAND_TIMEOUT),
        "CONTROL_PENDING_MARGIN_SECONDS": str(MARGIN),
    }
    with gunicorn(env, workers=2, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base, served.pid


def test_a_worker_killed_mid_command_leaves_an_unknown_entry_not_a_pending_one(
    app, silent_server, silent_drive
):
    base, master = silent_server
    factories.make_place("wh-1")
    factories.make_user("rep-1", "Иван Петров")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {factories.make_token('crash')}"
    http.post(f"{base}/api/shift/start", json={"performer_id": "rep-1", "place_id": "wh-1"})
    repair = {
        "repair_id": "r-1",
        "performer_id": "rep-1",
        "vehicle_id": "veh-1",
        "place_id": "wh-1",
    }
    assert http.post(f"{base}/api/repair/start", json=repair, timeout=30).status_code == 201
    command = {"vehicle_id": "veh-1", "action": "open_lock", "performer_id": "rep-1"}
    sender = threading.Thread(
        target=lambda: _ignore_transport_errors(
            lambda: http.post(f"{base}/api/scooter/control", json=command, timeout=60)
        )
    )
    sender.start()
    deadline = time.monotonic() + 30
    while silent_drive.count("POST") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert silent_drive.count("POST") == 1  # Drive has the command; the worker waits for it

    for worker in _workers(master):
        os.kill(worker, signal.SIGKILL)
    sender.join(timeout=60)
    deadline = time.monotonic() + COMMAND_TIMEOUT + MARGIN + 60
    entry = None
    while time.monotonic() < deadline:  # a server that stopped answering fails, never hangs
        answer = _ignore_transport_errors(lambda: http.get(f"{base}/api/audit/control", timeout=30))
        if answer is not None:
            assert answer.status_code == 200
            [entry] = answer.json()["entries"]
            if entry["outcome"] != "pending":
                break
        time.sleep(0.5)
    assert entry is not None, "the server stopped answering after its workers were killed"

    assert (entry["outcome"], entry["error"], entry["repair_id"]) == ("unknown", "abandoned", "r-1")
    requested = datetime.fromisoformat(entry["requested_at"].replace("Z", "+00:00"))
    finished = datetime.fromisoformat(entry["finished_at"].replace("Z", "+00:00"))
    assert finished - requested >= timedelta(seconds=COMMAND_TIMEOUT + MARGIN)  # not before


def _ignore_transport_errors(call):
    try:
        return call()
    except requests.RequestException:
        return None
