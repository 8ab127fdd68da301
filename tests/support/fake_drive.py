"""A scripted fake Drive on a real loopback socket: slow, failing, resetting, trickling or
answering without end, on demand."""

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
class Reset:
    """Read the request, then drop the connection with a TCP reset (SO_LINGER 0)."""


@dataclass
class Trickle:
    """Answer ``status`` and ``body`` one byte every ``interval`` seconds.

    With ``headers_first`` the status line and headers come at once and only the body trickles;
    otherwise the whole answer does, headers included.
    """

    status: int = 200
    body: Any = field(default_factory=dict)
    interval: float = 0.2
    headers_first: bool = False


@dataclass
class Huge:
    """Answer 200 with ``body`` (a JSON object) padded to ``size`` bytes, as fast as it is read.

    The answer stays valid JSON (a ``pad`` string is added), so only its size is wrong. With
    ``declared`` it carries its Content-Length; without, its end is the connection's close.
    """

    body: dict = field(default_factory=dict)
    size: int = 50 * 1024 * 1024
    declared: bool = True


Behaviour = Reply | Reset | Trickle | Huge


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
        self.bytes_sent = 0  # answer bytes the clients took off the socket (or its buffers)
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

    def _sent(self, count: int) -> None:
        with self._lock:
            self.bytes_sent += count


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
        if isinstance(behaviour, Trickle | Huge):
            self.close_connection = True
            answer = self._trickle if isinstance(behaviour, Trickle) else self._huge
            try:
                answer(behaviour)  # type: ignore[arg-type]
            except OSError:
                pass  # the client hung up: exactly what these answers are for
            return
        time.sleep(behaviour.delay)
        data = _encode(behaviour.body)
        try:
            self.send_response(behaviour.status)
            self.send_header("Content-Type", behaviour.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting

    def _trickle(self, trickle: Trickle) -> None:
        data = _encode(trickle.body)
        head = (
            f"HTTP/1.1 {trickle.status} Answer\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        ).encode()
        if trickle.headers_first:
            self.wfile.write(head)
            head = b""
        fake: FakeDrive = self.server.fake  # type: ignore[attr-defined]
        for byte in head + data:
            time.sleep(trickle.interval)
            self.wfile.write(bytes([byte]))
            fake._sent(1)

    def _huge(self, huge: Huge) -> None:
        opening = _encode(huge.body)[:-1] + (b', "pad": "' if huge.body else b'{"pad": "')
        closing = b'"}'
        padding = huge.size - len(opening) - len(closing)
        length = f"Content-Length: {huge.size}\r\n" if huge.declared else ""
        self.wfile.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"{length}Connection: close\r\n\r\n".encode()
        )
        fake: FakeDrive = self.server.fake  # type: ignore[attr-defined]
        self.wfile.write(opening)
        block = b"x" * 65536
        while padding > 0:
            piece = block[: min(padding, len(block))]
            self.wfile.write(piece)
            fake._sent(len(piece))
            padding -= len(piece)
        self.wfile.write(closing)

    do_GET = _handle
    do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


def _encode(body: Any) -> bytes:
    """A body as sent: bytes as they are, text as UTF-8, anything else as JSON."""
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    return body.encode() if isinstance(body, str) else body


def start_fake_drive() -> FakeDrive:
    """A fake Drive serving on a random loopback port; call `stop_fake_drive` after."""
    drive = FakeDrive()
    drive._thread.start()
    return drive


def stop_fake_drive(drive: FakeDrive) -> None:
    """Stop serving and close the socket."""
    drive.server.shutdown()
    drive.server.server_close()
