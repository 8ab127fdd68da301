"""A worker killed with SIGKILL in the middle of load leaves nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import pytest
import requests

from devtools.server import gunicorn
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
