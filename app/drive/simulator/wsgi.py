"""The simulator as a WSGI app speaking Drive's HTTP contract.

Served in-process through ``SimulatorAdapter`` (the default) or over real HTTP
(``flask drive serve``, or gunicorn: ``gunicorn 'app.drive.simulator.wsgi:from_env()'`` with
``DRIVE_SIMULATOR_PATH`` and optionally ``DRIVE_TOKEN`` in the environment).

Over real HTTP the app misbehaves by itself: it sleeps for the latency (``timeout`` mode holds the
answer for 60 s), and ``down``/``reset`` close the connection without an answer (werkzeug's
server and gunicorn both do so when the app raises ``ConnectionResetError``). ``down`` cannot
refuse the TCP connection here; it drops it before anything is applied, so over HTTP a client
sees it as a dropped connection, not as a refused one.

``trickle`` and ``huge`` shape the answer's body, on both paths: after handling the request the
answer comes one byte a second (with its true Content-Length), or padded with spaces to 300 MB
(without a Content-Length; generated as it is read, never held in memory).
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import socket
import struct
import time
from collections.abc import Iterable, Iterator
from typing import Any

from werkzeug.wrappers import Request, Response

from app import settings

from .engine import Plan, Simulator

DETAILS_PATH = "/api/taxi/car/details"
CONTROL_PATH = "/api/taxi/car/control"
TAG_ADD_PATH = "/api/taxi/car/tag/add"
TAG_REMOVE_PATH = "/api/taxi/car/tag/remove"
PLAN_KEY = "drive_simulator.plan"  # set by the in-process adapter, which misbehaves itself
IN_PROCESS_KEY = "drive_simulator.in_process"
TIMEOUT_HOLD = 60.0
TRICKLE_INTERVAL = 1.0  # seconds between two bytes of a trickled answer
HUGE_ANSWER_BYTES = 300 * 1024 * 1024
logger = logging.getLogger("scooters.drive.simulator")
GARBAGE = b"<html><body><h1>Service Temporarily Overloaded</h1></body></html>"


class SimulatorApp:
    """WSGI callable serving car details, car control and the tag writes (add, remove)."""

    def __init__(self, simulator: Simulator) -> None:
        """Serve ``simulator``."""
        self.simulator = simulator

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Handle one request."""
        request = Request(environ)
        request.get_data()  # read the whole request first, as a real server would
        in_process = bool(environ.get(IN_PROCESS_KEY))
        plan: Plan = environ.get(PLAN_KEY) or self.simulator.plan(
            "read" if request.method in ("GET", "HEAD") else "command"
        )
        if plan.mode == "down" and not in_process:
            _drop_connection(environ)
        self.simulator.store.count_request(request.method, request.path)
        fields = {"event": "drive_request", "method": request.method, "path": request.path}
        # Drive logs the caller's request id; so does its stand-in, for tracing one request.
        fields["request_id"] = request.headers.get("X-Request-ID")
        logger.info("drive request", extra={"fields": fields})
        response = self._respond(request, plan)
        if not in_process:
            time.sleep(plan.delay if math.isfinite(plan.delay) else TIMEOUT_HOLD)
            if plan.mode == "reset":
                _drop_connection(environ)
        if plan.mode == "trickle":
            response = _trickled(response)
        elif plan.mode == "huge":
            response = _huge(response)
        response.headers["X-Sim-Worker"] = str(os.getpid())
        return response(environ, start_response)

    def _respond(self, request: Request, plan: Plan) -> Response:
        token = self.simulator.token
        if token and request.headers.get("Authorization") != f"OAuth {token}":
            return _json(401, {"error": {"code": "unauthorized", "message": "bad token"}})
        routes = {
            DETAILS_PATH: ("GET", "HEAD"),
            CONTROL_PATH: ("POST",),
            TAG_ADD_PATH: ("POST",),
            TAG_REMOVE_PATH: ("POST",),
        }
        if request.path not in routes:
            return _json(404, {"error": {"code": "not_found", "message": "no such handle"}})
        if request.method not in routes[request.path]:
            return _json(405, {"error": {"code": "method_not_allowed", "message": "bad method"}})
        if plan.mode == "error500":
            # An internal error before anything happened: the command is not applied.
            return _json(500, {"error": {"code": "internal_error", "message": "simulated"}})
        if request.path == DETAILS_PATH:
            status, body = self.simulator.details(
                request.args.get("car_id"), request.args.get("number")
            )
        else:
            handle = {
                CONTROL_PATH: self.simulator.control,
                TAG_ADD_PATH: self.simulator.add_tag,
                TAG_REMOVE_PATH: self.simulator.remove_tag,
            }[request.path]
            status, body = handle(request.get_json(silent=True))
        if plan.mode == "garbage":
            # The request was handled (a command applied); the answer got mangled.
            return Response(GARBAGE, 200, content_type="text/html; charset=utf-8")
        return _json(status, body)


def _json(status: int, body: dict[str, Any]) -> Response:
    # A lone surrogate (an edited car may have one) goes out as its JSON escape, as Drive's would.
    data = json.dumps(body, ensure_ascii=False).encode("utf-8", "backslashreplace")
    return Response(data, status, content_type="application/json; charset=utf-8")


def _trickled(response: Response) -> Response:
    """The same answer, one byte every TRICKLE_INTERVAL seconds."""
    data = response.get_data()

    def bytes_slowly() -> Iterator[bytes]:
        for byte in data:
            time.sleep(TRICKLE_INTERVAL)
            yield bytes([byte])

    trickled = Response(bytes_slowly(), response.status_code, content_type=response.content_type)
    trickled.headers["Content-Length"] = str(len(data))
    return trickled


def _huge(response: Response) -> Response:
    """The same JSON answer padded with whitespace to HUGE_ANSWER_BYTES: still valid JSON."""
    data = response.get_data()

    def padded() -> Iterator[bytes]:
        yield data
        block, left = b" " * 65536, HUGE_ANSWER_BYTES - len(data)
        while left > 0:
            yield block[:left]
            left -= len(block)

    return Response(padded(), response.status_code, content_type=response.content_type)


def _drop_connection(environ: dict[str, Any]) -> None:
    """Abort without an answer: servers treat ConnectionError from the app as a dropped peer."""
    sock = environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        # Shutting down the reading side makes werkzeug's keep-alive loop see EOF and close the
        # connection at once (linger 0: no lingering close).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    raise ConnectionResetError(errno.ECONNRESET, "simulated connection drop")


def from_env() -> SimulatorApp:
    """WSGI app factory for gunicorn, configured by DRIVE_SIMULATOR_PATH and DRIVE_TOKEN."""
    path = settings.value("DRIVE_SIMULATOR_PATH")  # default: ./instance/drive-simulator.sqlite3
    return SimulatorApp(Simulator(path, token=settings.value("DRIVE_TOKEN")))
