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

        status, headers, body = self._dispatch(request, plan)

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
        return _build_response(request, status, headers, body, self)

    def close(self) -> None:
        """Nothing to release."""

    def _dispatch(self, request: requests.PreparedRequest, plan: Any) -> tuple[str, Any, bytes]:
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
        app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        try:
            data = b"".join(app_iter)
        finally:
            getattr(app_iter, "close", lambda: None)()
        return status, headers, data


def _read_timeout(timeout: Any) -> float:
    """The read part of a requests timeout (float, (connect, read) tuple or None)."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    return math.inf if timeout is None else float(timeout)


def _build_response(
    request: requests.PreparedRequest, status: str, headers: Any, body: bytes, adapter: Any
) -> requests.Response:
    response = requests.Response()
    code, _, reason = status.partition(" ")
    response.status_code = int(code)
    response.reason = reason
    response.headers = CaseInsensitiveDict(dict(headers.items()))
    response.encoding = get_encoding_from_headers(response.headers)
    response.raw = io.BytesIO(body)
    response._content = body
    response._content_consumed = True
    response.url = request.url or ""
    response.request = request
    response.connection = adapter
    return response
