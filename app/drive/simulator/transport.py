"""A requests transport adapter that hands requests to the simulator's WSGI app in-process.

Mounted on the client's session for a fake host, it lets the real ``DriveClient`` code (headers,
timeouts, status mapping, breaker) run against the simulator, and it turns the fault switches
into the same exceptions a real network would raise:

- ``down``: ``ConnectionError`` wrapping ``NewConnectionError``/``ConnectionRefusedError``;
  nothing reaches the simulator.
- delay above the read timeout (``slow`` with latency, ``timeout``): the request is handled (a
  command applied), the caller waits out its read timeout, then ``ReadTimeout``.
- ``reset``: the request is handled, then ``ConnectionError`` caused by ``ProtocolError``/
  ``ConnectionResetError`` (dropped after sending).
- ``trickle``, ``huge``: the app's answer body is handed over as it is generated (a byte a
  second, or 300 MB), never gathered first, so the client's deadline and size limit apply.

Once a request reaches the simulator it tells the client's call watch (``note_reached``), so a
call cut off at its deadline is a timeout, as over a network, not a failure to connect.
"""

from __future__ import annotations

import io
import math
import time
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3.exceptions import NewConnectionError, ProtocolError, ReadTimeoutError
from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..deadline import note_reached
from .engine import Simulator
from .wsgi import IN_PROCESS_KEY, PLAN_KEY, SimulatorApp

NO_TIMEOUT_WAIT = 30.0  # how long "never answers" lasts when the caller set no read timeout


class SimulatorAdapter(BaseAdapter):
    """Dispatches ``PreparedRequest`` objects to a ``SimulatorApp`` without a socket."""

    def __init__(self, simulator: Simulator) -> None:
        """Serve requests from ``simulator``."""
        super().__init__()
        self.simulator = simulator
        self.app = SimulatorApp(simulator)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        """Handle ``request`` in-process, honouring its read timeout and the fault switches."""
        read_timeout = _read_timeout(timeout)
        plan = self.simulator.plan("read" if request.method in ("GET", "HEAD") else "command")
        if plan.mode == "down":
            refused = ConnectionRefusedError(111, "Connection refused")
            reason = NewConnectionError(None, f"Failed to establish a new connection: {refused}")  # type: ignore[arg-type]
            reason.__cause__ = refused
            raise requests.ConnectionError(reason, request=request)

        note_reached()
        status, headers, body = self._dispatch(request, plan)
        try:
            if plan.delay > read_timeout:
                time.sleep(read_timeout if math.isfinite(read_timeout) else NO_TIMEOUT_WAIT)
                message = f"Read timed out. (read timeout={read_timeout})"
                raise requests.ReadTimeout(
                    ReadTimeoutError(None, request.url, message), request=request
                )  # type: ignore[arg-type]
            time.sleep(plan.delay)
            if plan.mode == "reset":
                reset = ConnectionResetError(104, "Connection reset by peer")
                raise requests.ConnectionError(
                    ProtocolError("Connection aborted.", reset), request=request
                )
        except BaseException:
            body.close()
            raise
        return _build_response(request, status, headers, body, self)

    def close(self) -> None:
        """Nothing to release."""

    def _dispatch(
        self, request: requests.PreparedRequest, plan: Any
    ) -> tuple[str, Any, _StreamedBody]:
        url = urlsplit(request.url or "")
        body = request.body
        if isinstance(body, str):
            body = body.encode()
        builder = EnvironBuilder(
            path=url.path or "/",
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=request.method or "GET",
            headers=list(request.headers.items()),
            data=body or b"",
        )
        environ = builder.get_environ()
        environ[PLAN_KEY] = plan
        environ[IN_PROCESS_KEY] = True
        app_iter, status, headers = run_wsgi_app(self.app, environ)
        return status, headers, _StreamedBody(app_iter)


class _StreamedBody(io.RawIOBase):
    """A WSGI answer's body read as the app generates it, chunk by chunk."""

    def __init__(self, app_iter: Any) -> None:
        super().__init__()
        self._app_iter = app_iter
        self._chunks = iter(app_iter)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the current chunk (at most one chunk a call); 0 at the end."""
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        """Stop the app's answer (a generator's ``finally`` runs)."""
        if not self.closed:
            getattr(self._app_iter, "close", lambda: None)()
        super().close()


def _read_timeout(timeout: Any) -> float:
    """The read part of a requests timeout (float, (connect, read) tuple or None)."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    return math.inf if timeout is None else float(timeout)


def _build_response(
    request: requests.PreparedRequest,
    status: str,
    headers: Any,
    body: _StreamedBody,
    adapter: Any,
) -> requests.Response:
    response = requests.Response()
    code, _, reason = status.partition(" ")
    response.status_code = int(code)
    response.reason = reason
    response.headers = CaseInsensitiveDict(dict(headers.items()))
    response.encoding = get_encoding_from_headers(response.headers)
    response.raw = body  # read on demand: ``response.content`` or streamed
    response.url = request.url or ""
    response.request = request
    response.connection = adapter
    return response
