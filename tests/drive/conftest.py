"""Fixtures for the Drive package: a misbehaving fake Drive on a real socket, and the simulator."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from app.drive import CircuitBreaker, DriveClient, Simulator
from app.drive.simulator import SimulatorAdapter

SIM_URL = "http://drive-simulator.invalid"


@dataclass
class Reply:
    """Answer with ``status`` and ``body`` (a dict is sent as JSON) after ``delay`` seconds."""

    status: int = 200
    body: Any = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


@dataclass
class Reset:
    """Read the request, then drop the connection with a TCP reset (SO_LINGER 0)."""


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FakeDrive:
    """A scripted Drive: each request takes the next behaviour from the script, else ``default``."""

    def __init__(self) -> None:
        self.script: list[Reply | Reset] = []
        self.default: Reply | Reset = Reply(200, {})
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def then(self, *behaviours: Reply | Reset) -> FakeDrive:
        """Queue behaviours for the next requests."""
        self.script.extend(behaviours)
        return self

    def always(self, behaviour: Reply | Reset) -> FakeDrive:
        """Behave like this once the script is used up."""
        self.default = behaviour
        return self

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """Requests received, optionally only for this method and path."""
        with self._lock:
            return sum(
                1
                for r in self.received
                if (method is None or r.method == method) and (path is None or r.path == path)
            )

    def _next(self, received: Received) -> Reply | Reset:
        with self._lock:
            self.received.append(received)
            return self.script.pop(0) if self.script else self.default


class _Handler(BaseHTTPRequestHandler):
    def _handle(self) -> None:
        fake: FakeDrive = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        behaviour = fake._next(Received(self.command, path, dict(self.headers.items()), body))
        if isinstance(behaviour, Reset):
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()  # really closed (RST) once the handler's files close
            self.close_connection = True
            return
        time.sleep(behaviour.delay)
        data = behaviour.body
        if not isinstance(data, bytes | str):
            data = json.dumps(data)
        if isinstance(data, str):
            data = data.encode()
        try:
            self.send_response(behaviour.status)
            self.send_header("Content-Type", behaviour.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting

    do_GET = _handle
    do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


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
    kwargs.setdefault("read_timeout", 0.5)
    kwargs.setdefault("command_timeout", 0.5)
    kwargs.setdefault("breaker", CircuitBreaker(1000))
    return DriveClient(SIM_URL, session=session, **kwargs)


@pytest.fixture
def sim_client(drive_simulator: Simulator) -> DriveClient:
    """DriveClient + adapter + simulator, with short timeouts and a lenient breaker."""
    return simulator_client(drive_simulator)
