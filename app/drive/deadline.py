"""Holding one call to Drive to its total deadline, and its answer to a size limit.

Socket timeouts bound each read, not a whole call: a server sending one byte a second never
trips them, and a slow name lookup is not bounded by them at all. So a call runs on a thread
of the bulkhead while its caller waits no longer than the deadline (``DriveClient``), and a
``CallWatch`` knows the sockets the call opened: when the caller stops waiting it shuts them
down, which ends any read or write blocked on them at once, and a connection that is only
made after that (the name lookup was slow) is shut before anything is sent on it.

``WatchedAdapter`` is the requests transport that reports the call's connections to its watch;
in-process transports (the simulator) report with ``note_reached`` instead.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import DriveBadResponse, DriveTimeout

MAX_ANSWER_BYTES = 1024 * 1024  # no car or command answer comes near this
READ_CHUNK = 16 * 1024

_current = threading.local()


class CallAbandoned(ConnectionAbortedError):
    """The caller stopped waiting: nothing more may be sent for this call."""


class CallWatch:
    """One call's deadline, and whether (and over which sockets) it may have reached Drive."""

    def __init__(self, timeout: float) -> None:
        """Start the clock: the call has ``timeout`` seconds from now."""
        self.deadline = time.monotonic() + timeout
        self.abandoned = False
        self.request_id: str | None = None  # sent to Drive as X-Request-ID
        self._lock = threading.Lock()
        self._sockets: list[socket.socket | None] = []
        self._connections: list[HTTPConnection | None] = []
        self._reached = False

    def remaining(self) -> float:
        """Seconds left until the deadline (negative once it passed)."""
        return self.deadline - time.monotonic()

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """One request of the call, made by the current thread: its connections are watched."""
        with self._lock:
            if self.abandoned:
                raise CallAbandoned("the caller stopped waiting")
            self._sockets, self._connections, self._reached = [], [], False
        _current.watch = self
        try:
            yield
        finally:
            _current.watch = None
            with self._lock:  # back in the pool or closed: no longer this call's
                self._sockets, self._connections = [], []

    def reached(
        self, sock: socket.socket | None = None, conn: HTTPConnection | None = None
    ) -> None:
        """The request may reach Drive from now on, over ``sock`` or ``conn``'s socket if any."""
        with self._lock:
            if self.abandoned:
                _shut(sock)
                raise CallAbandoned("the caller stopped waiting")
            self._reached = True
            self._sockets.append(sock)
            self._connections.append(conn)

    def abandon(self) -> bool:
        """The caller stops waiting: cut the call off. True if the request may have got out."""
        with self._lock:
            self.abandoned = True
            for sock in self._sockets:
                _shut(sock)
            for conn in self._connections:
                # Over TLS the connection's socket is a wrapper made after the plain one.
                _shut(getattr(conn, "sock", None))
            return self._reached


def note_reached() -> None:
    """For in-process transports: the current call's request is being handled now."""
    watch: CallWatch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.reached()


def _shut(sock: socket.socket | None) -> None:
    """Shut a socket down from any thread: blocked reads see the end, writes fail."""
    if sock is None:
        return
    try:
        # The plain socket's shutdown, also for TLS sockets: it acts on the descriptor only.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


@dataclass(frozen=True)
class Answer:
    """Drive's answer, read whole within the call's deadline and the size limit."""

    status_code: int
    content: bytes


def read_answer(
    response: requests.Response, watch: CallWatch, *, limit: int, command: bool
) -> Answer:
    """Read a streamed answer, refusing it as soon as it is over ``limit`` bytes or overdue."""
    declared = response.headers.get("Content-Length", "").strip()
    too_large = DriveBadResponse(f"answer over {limit} bytes", outcome_unknown=command)
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    for chunk in response.iter_content(READ_CHUNK):
        body += chunk
        if len(body) > limit:
            raise too_large
        if watch.abandoned or watch.remaining() <= 0:
            raise DriveTimeout("read timeout", outcome_unknown=command)
    return Answer(response.status_code, bytes(body))


class _WatchedConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _watched(self, super()._new_conn())

    def request(self, *args: Any, **kwargs: Any) -> None:
        _reuse(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _watched(self, super()._new_conn())

    def request(self, *args: Any, **kwargs: Any) -> None:
        _reuse(self)
        super().request(*args, **kwargs)


def _watched(conn: HTTPConnection, sock: socket.socket) -> socket.socket:
    """A new connection: the current call may reach Drive over it (unless abandoned)."""
    watch: CallWatch | None = getattr(_current, "watch", None)
    if watch is not None:
        try:
            watch.reached(sock, conn)
        except CallAbandoned:
            sock.close()
            raise
    return sock


def _reuse(conn: HTTPConnection) -> None:
    """A kept-alive connection taken from the pool for the current call."""
    watch: CallWatch | None = getattr(_current, "watch", None)
    if watch is not None and conn.sock is not None:
        watch.reached(conn=conn)


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' HTTP adapter whose connections report to the current call's watch."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Pools of watched connections."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """Through an HTTP proxy too."""
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
