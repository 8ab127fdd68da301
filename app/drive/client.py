"""The one place that speaks Drive's HTTP contract (docs/DRIVE.md).

Reads (car details) are retried briefly within a fixed time budget; commands are never retried.
Every call has a total deadline (connecting, sending and reading the whole answer: see
``deadline.py``), an answer size limit, a place in the worker's bulkhead, goes through a circuit
breaker, and fails with a typed ``DriveError``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import Any

import requests

from app import metrics
from app.request_log import HEADER as REQUEST_ID_HEADER
from app.request_log import current_request_id
from app.vocabulary import Command

from .answers import (
    Car,
    CommandResult,
    parse_car,
    parse_command,
    parse_tag_added,
    parse_tag_removed,
)
from .breaker import CircuitBreaker
from .bulkhead import Bulkhead
from .deadline import MAX_ANSWER_BYTES, Answer, CallWatch, WatchedAdapter, read_answer
from .errors import (
    DriveError,
    DriveNotFound,
    DriveRefused,
    DriveTimeout,
    DriveUnavailable,
    classify_exception,
)

# The commands we send: every one the tablet offers (app/vocabulary.py), and no other.
ACTIONS: tuple[str, ...] = Command.codes()
DETAILS_PATH = "/api/taxi/car/details"
CONTROL_PATH = "/api/taxi/car/control"
TAG_ADD_PATH = "/api/taxi/car/tag/add"
TAG_REMOVE_PATH = "/api/taxi/car/tag/remove"
# Reads: up to READ_RETRIES more attempts on connection errors and these statuses, as long as
# the overall read budget (read_timeout) is not spent; pauses between attempts are tiny.
READ_RETRIES = 2
RETRY_STATUSES = frozenset({502, 503, 504})
RETRY_BACKOFF = (0.1, 0.2)
MIN_ATTEMPT_BUDGET = 0.2


class DriveClient:
    """Client for Drive's car details, car control and tag write handles."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        read_timeout: float = 3.0,
        command_timeout: float = 10.0,
        connect_timeout: float = 2.0,
        session: requests.Session | None = None,
        breaker: CircuitBreaker | None = None,
        max_in_flight: int = 2,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        """Configure the client.

        ``read_timeout`` and ``command_timeout`` are the longest a caller waits for a read or a
        command, all included; the connect timeout is capped at each call's time left.
        ``max_in_flight`` is the bulkhead's size (calls in flight in this process).
        """
        self.base_url = base_url.rstrip("/")
        self.token = token or None
        self.read_timeout = float(read_timeout)
        self.command_timeout = float(command_timeout)
        self.connect_timeout = float(connect_timeout)
        self.max_answer_bytes = int(max_answer_bytes)
        self.session = session if session is not None else requests.Session()
        # Real HTTP goes through connections the call's deadline can cut (adapters mounted
        # for a longer prefix, like the simulator's, still win).
        self.session.mount("http://", WatchedAdapter())
        self.session.mount("https://", WatchedAdapter())
        self.breaker = breaker if breaker is not None else CircuitBreaker()
        self.bulkhead = Bulkhead(max_in_flight)

    def get_car(self, vehicle_id: str | None = None, *, number: str | None = None) -> Car:
        """Fetch a car by its id or by its painted number.

        Retries connection failures and 502/503/504 answers (never read timeouts) while the
        read budget lasts, so the worst case stays about ``read_timeout`` plus 0.3 s of pauses.
        """
        if (vehicle_id is None) == (number is None):
            raise ValueError("give exactly one of vehicle_id or number")
        params = {"car_id": vehicle_id} if vehicle_id is not None else {"number": number}
        answer = self._call(
            lambda watch: self._get_with_retries(watch, params), self.read_timeout, command=False
        )
        return parse_car(answer)

    def send_command(self, vehicle_id: str, action: str) -> CommandResult:
        """Send one control command; it is never retried (its outcome may be unknown)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        body = {"car_id": vehicle_id, "action": action}

        def call(watch: CallWatch) -> Answer:
            answer = self._request(watch, "POST", CONTROL_PATH, json=body, command=True)
            return _check_status(answer, command=True)

        return parse_command(action, self._call(call, self.command_timeout, command=True))

    def add_tag(self, vehicle_id: str, tag: str, comment: str | None, request_id: str) -> str:
        """Add a tag to a car; Drive applies one ``request_id`` once. Returns the tag's id.

        A write like a command: the command deadline, never retried here (an outcome unknown
        is retried by its caller with the same request id: see app/outbox).
        """
        body = {"car_id": vehicle_id, "tag": tag, "comment": comment, "request_id": request_id}
        return parse_tag_added(self._write(TAG_ADD_PATH, body))

    def remove_tag(self, vehicle_id: str, tag_id: str, request_id: str) -> bool:
        """Remove a car's tag; True if this request removed it, False if it was not there."""
        body = {"car_id": vehicle_id, "tag_id": tag_id, "request_id": request_id}
        return parse_tag_removed(self._write(TAG_REMOVE_PATH, body))

    def _write(self, path: str, body: dict[str, Any]) -> Answer:
        """POST one write with the command deadline, bulkhead and breaker; never retried."""

        def call(watch: CallWatch) -> Answer:
            answer = self._request(watch, "POST", path, json=body, command=True)
            return _check_status(answer, command=True)

        return self._call(call, self.command_timeout, command=True)

    def _call(
        self, call: Callable[[CallWatch], Answer], timeout: float, *, command: bool
    ) -> Answer:
        """Run ``call`` in the bulkhead and through the breaker; wait ``timeout`` s at most."""
        watch = CallWatch(timeout)
        watch.request_id = current_request_id()  # read here: the call runs on another thread
        started, outcome = time.perf_counter(), "ok"
        future = self.bulkhead.submit(lambda: call(watch), admit=self._admit)
        try:
            answer = _outcome(future, watch, command=command)
        except DriveError as exc:
            outcome = exc.code
            if exc.trips_breaker:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            raise
        except BaseException:
            outcome = "error"
            self.breaker.record_failure()
            raise
        finally:
            kind = "command" if command else "read"
            elapsed = time.perf_counter() - started
            metrics.drive_call(kind, outcome, elapsed, self.breaker.state)
        self.breaker.record_success()
        return answer

    def _admit(self) -> None:
        if not self.breaker.allow():
            raise DriveUnavailable("circuit open")

    def _get_with_retries(self, watch: CallWatch, params: dict[str, Any]) -> Answer:
        for attempt in range(READ_RETRIES + 1):
            try:
                answer = self._request(watch, "GET", DETAILS_PATH, params=params)
            except DriveUnavailable:
                if not _may_retry(attempt, watch.deadline):
                    raise
            else:
                if answer.status_code not in RETRY_STATUSES or not _may_retry(
                    attempt, watch.deadline
                ):
                    return _check_status(answer, command=False)
            time.sleep(RETRY_BACKOFF[attempt])
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(
        self, watch: CallWatch, method: str, path: str, *, command: bool = False, **kwargs: Any
    ) -> Answer:
        """One request on the call's thread: the whole answer, read within the deadline."""
        remaining = max(watch.remaining(), 0.05)
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"OAuth {self.token}"
        if watch.request_id:
            headers[REQUEST_ID_HEADER] = watch.request_id
        try:
            with watch.attempt():
                response = self.session.request(
                    method,
                    self.base_url + path,
                    headers=headers,
                    timeout=(min(self.connect_timeout, remaining), remaining),
                    allow_redirects=False,
                    stream=True,
                    **kwargs,
                )
                with response:
                    return read_answer(
                        response, watch, limit=self.max_answer_bytes, command=command
                    )
        except (requests.RequestException, OSError) as exc:
            raise classify_exception(exc, command=command) from exc


def _outcome(future: Future[Answer], watch: CallWatch, *, command: bool) -> Answer:
    """The call's answer (or its error) if it came by the deadline; else the call is cut off."""
    wait([future], timeout=max(watch.remaining(), 0.0))
    if future.done():
        return future.result()
    if watch.abandon():
        raise DriveTimeout("read timeout", outcome_unknown=command)
    raise DriveUnavailable("no connection: deadline")


def _may_retry(attempt: int, deadline: float) -> bool:
    if attempt >= READ_RETRIES:
        return False
    return deadline - time.monotonic() - RETRY_BACKOFF[attempt] >= MIN_ATTEMPT_BUDGET


def _check_status(answer: Answer, *, command: bool) -> Answer:
    """Return a 2xx answer; raise the typed error for any other status."""
    status = answer.status_code
    if 200 <= status < 300:
        return answer
    code, message = _error_body(answer)
    if status == 404 and code == "car_not_found":
        raise DriveNotFound(code, message=message, http_status=status)
    raise DriveRefused(code or f"HTTP {status}", message=message, http_status=status)


def _error_body(answer: Answer) -> tuple[str | None, str | None]:
    """Drive's ``{"error": {"code", "message"}}``, tolerating anything else."""
    try:
        error = json.loads(answer.content).get("error")
    except (ValueError, AttributeError, RecursionError):
        return None, None
    if not isinstance(error, dict):
        return None, None
    code, message = error.get("code"), error.get("message")
    return (
        code if isinstance(code, str) and code else None,
        message if isinstance(message, str) and message else None,
    )
