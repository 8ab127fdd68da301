"""The simulator served over real HTTP: werkzeug's server and two gunicorn workers."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from app.drive import DriveBadResponse, DriveClient, DriveRefused, DriveTimeout, Simulator
from app.drive.simulator import CONTROL_PATH, DETAILS_PATH, SimulatorApp

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served_simulator(drive_simulator: Simulator) -> Iterator[str]:
    """The simulator on werkzeug's threaded server on a random loopback port."""
    server = make_server("127.0.0.1", 0, SimulatorApp(drive_simulator), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def http_client(url: str) -> DriveClient:
    return DriveClient(url, read_timeout=0.5, command_timeout=0.5)


def test_details_and_commands_over_http(drive_simulator: Simulator, served_simulator: str) -> None:
    client = http_client(served_simulator)
    car = client.get_car(number="0421")
    client.send_command(car.vehicle_id, "open_lock")
    assert drive_simulator.state(car.vehicle_id).lock_open
    answer = requests.get(served_simulator + DETAILS_PATH, params={"number": "0421"}, timeout=2)
    assert answer.json()["car"]["state"]["lock_open"] is True
    assert answer.headers["X-Sim-Worker"].isdigit()


@pytest.mark.parametrize(
    ("mode", "error", "applied", "unknown"),
    [
        ("reset", DriveBadResponse, True, True),
        # Over HTTP "down" can only drop the connection (before applying anything); the client
        # cannot tell that from a reset after sending.
        ("down", DriveBadResponse, False, True),
        ("error500", DriveRefused, False, False),
        ("slow", DriveTimeout, True, True),
        ("trickle", DriveTimeout, True, True),
        ("huge", DriveBadResponse, True, True),
    ],
)
def test_faults_over_http(
    drive_simulator: Simulator,
    served_simulator: str,
    mode: str,
    error: type,
    applied: bool,
    unknown: bool,
) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    drive_simulator.set_faults(mode, latency=1.5 if mode == "slow" else 0.0)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        http_client(served_simulator).send_command(car_id, "open_lock")
    assert time.monotonic() - started < 2.0
    assert caught.value.outcome_unknown is unknown
    drive_simulator.clear_faults()
    assert drive_simulator.state(car_id).lock_open is applied
    assert drive_simulator.commands(car_id) == ([(car_id, "open_lock", 200)] if applied else [])
    if mode != "down":
        assert drive_simulator.request_count("POST", CONTROL_PATH) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_two_gunicorn_workers_share_state(tmp_path: Path) -> None:
    state_file = tmp_path / "drive-simulator.sqlite3"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT),
         "app.drive.simulator.wsgi:from_env()"],
        env={"PATH": "/usr/bin:/bin", "DRIVE_SIMULATOR_PATH": str(state_file)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        client = DriveClient(url, read_timeout=5, command_timeout=5)
        deadline = time.monotonic() + 30
        while True:
            try:
                car = client.get_car(number="0421")
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        client.send_command(car.vehicle_id, "open_lock")
        client.send_command(car.vehicle_id, "unblock_wheel")

        # Slow reads keep a worker busy, so concurrent requests must spread over both.
        Simulator(str(state_file)).set_faults("slow", latency=0.2, scope="reads")

        def read_state(_: int) -> tuple[dict, str]:
            answer = requests.get(url + DETAILS_PATH, params={"car_id": car.vehicle_id}, timeout=10)
            return answer.json()["car"]["state"], answer.headers["X-Sim-Worker"]

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(read_state, range(24)))
        assert all(s["lock_open"] and not s["wheel_blocked"] for s, _ in answers)
        workers = {pid for _, pid in answers}
        assert len(workers) == 2
        assert str(process.pid) not in workers
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
