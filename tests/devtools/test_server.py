"""The one gunicorn launcher of the tests and the benchmark: the app as scripts/serve runs it,
on the loopback only, and nothing of it left running afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app.extensions import db
from app.models import Place
from devtools.server import gunicorn

pytestmark = pytest.mark.slow


def _running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" not in status.read_text()


@pytest.fixture
def env(app, app_config) -> dict[str, str]:
    return {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "launcher",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
    }


def test_the_app_is_served_on_the_loopback_and_stopped_with_its_workers(env, tmp_path):
    access_log = tmp_path / "access.log"
    with gunicorn(env, workers=2, threads=2, access_log=access_log) as server:
        assert server.base.startswith("http://127.0.0.1:")
        assert requests.get(f"{server.base}/api/openapi.json", timeout=10).ok
        workers = server.worker_pids()
        assert len(workers) == 2
        assert all(10 < mb < 1000 for mb in server.worker_rss_mb())

    assert "GET /api/openapi.json" in access_log.read_text()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.base}/api/openapi.json", timeout=5)
    assert not [pid for pid in (server.pid, *workers) if _running(pid)]


def test_flask_commands_run_on_the_served_database(env):
    with gunicorn(env, workers=1) as server:
        server.flask("places", "add", "wh-77", "--name", "Склад Восток")

    db.session.expire_all()
    assert db.session.get(Place, "wh-77").name == "Склад Восток"


def test_a_server_that_cannot_start_says_why(env, tmp_path):
    broken = env | {"DATABASE_URL": "nonsense://"}

    with pytest.raises(RuntimeError, match="gunicorn exited") as failed:
        with gunicorn(broken, workers=1, log_path=tmp_path / "gunicorn.log"):
            pass

    assert "nonsense" in str(failed.value)  # the end of gunicorn's log is in the message
