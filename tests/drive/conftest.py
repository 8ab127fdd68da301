"""Fixtures for the Drive package: a misbehaving fake Drive on a real socket, and the simulator."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from app.drive import CircuitBreaker, DriveClient, Simulator
from app.drive.simulator import SimulatorAdapter
from tests.support.fake_drive import FakeDrive, Huge, Received, Reply, Reset, Trickle  # noqa: F401

SIM_URL = "http://drive-simulator.invalid"


@pytest.fixture
def fake_drive() -> Iterator[FakeDrive]:
    """A fake Drive on a random loopback port."""
    drive = FakeDrive()
    drive._thread.start()
    try:
        yield drive
    finally:
        drive.server.shutdown()
        drive.server.server_close()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A loopback URL whose port is bound but not listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    """An injectable clock for the circuit breaker."""
    return FakeClock()


@pytest.fixture
def drive_simulator(tmp_path: Any) -> Simulator:
    """A simulator with its own state file (named apart from the app-wide `simulator` fixture)."""
    return Simulator(str(tmp_path / "drive-simulator.sqlite3"))


def simulator_client(drive_simulator: Simulator, **kwargs: Any) -> DriveClient:
    """A DriveClient talking to ``simulator`` through the transport adapter."""
    session = requests.Session()
    session.mount(SIM_URL, SimulatorAdapter(drive_simulator))
    kwargs.setdefault("read_timeout", 1.5)
    kwargs.setdefault("command_timeout", 1.5)
    kwargs.setdefault("breaker", CircuitBreaker(1000))
    return DriveClient(SIM_URL, session=session, **kwargs)


@pytest.fixture
def sim_client(drive_simulator: Simulator) -> DriveClient:
    """DriveClient + adapter + simulator, with short timeouts and a lenient breaker."""
    return simulator_client(drive_simulator)
