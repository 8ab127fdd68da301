"""A scripted fake Drive on a real loopback socket: slow, failing or resetting on demand."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """Answer with ``status`` and ``body`` (a dict is sent as JSON) after ``delay`` seconds."""

    status: int = 200
    body: Any = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


@dataclass
class Trickle:
    """Answer ``status`` and ``body`` one byte every ``pause`` seconds: each read gets data well
    within a read timeout, yet the whole answer takes ``len(body) * pause`` seconds."""

    status: int = 200
    body: Any = field(default_factory=dict)
    pause: float = 0.1


@dataclass
class Reset:
    """Read the request, then drop the connection with a TCP reset (SO_LINGER 0)."""


Behaviour = Reply | Trickle | Reset


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FakeDrive:
    """A scripted Drive: each request takes the next behaviour from the script, else ``default``."""

    def __init__(self) -> None:
        self.script: list[Behaviour] = []
        self.default: Behaviour = Reply(200, {})
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def then(self, *behaviours: Behaviour) -> FakeDrive:
        """Queue behaviours for the next requests."""
        self.script.extend(behaviours)
        return self

    def always(self, behaviour: Behaviour) -> FakeDrive:
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

    def _next(self, received: Received) -> Behaviour:
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
        if isinstance(behaviour, Reply):
            time.sleep(behaviour.delay)
        content_type = getattr(behaviour, "content_type", "application/json")
        data = behaviour.body
        if not isinstance(data, bytes | str):
            data = json.dumps(data)
        if isinstance(data, str):
            data = data.encode()
        try:
            self.send_response(behaviour.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if isinstance(behaviour, Trickle):
                for n in range(len(data)):
                    self.wfile.write(data[n : n + 1])
                    self.wfile.flush()
                    time.sleep(behaviour.pause)
            else:
                self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting

    do_GET = _handle
    do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


def start_fake_drive() -> FakeDrive:
    """A fake Drive serving on a random loopback port; call `stop_fake_drive` after."""
    drive = FakeDrive()
    drive._thread.start()
    return drive


def stop_fake_drive(drive: FakeDrive) -> None:
    """Stop serving and close the socket."""
    drive.server.shutdown()
    drive.server.server_close()
