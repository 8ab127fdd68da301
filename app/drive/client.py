"""The one place that speaks Drive's HTTP contract (docs/DRIVE.md).

Reads (car details) are retried briefly within a fixed time budget; commands are never retried.
Every call has a total deadline (connecting, sending and reading the whole answer: see
``deadline.py``), an answer size limit, a place in the worker's bulkhead, goes through a circuit
breaker, and fails with a typed ``DriveError``.
"""

from __future__ import annotations

import json
import math
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from app.references import is_reference
from app.vocabulary import Command

from .breaker import CircuitBreaker
from .bulkhead import Bulkhead
from .deadline import MAX_ANSWER_BYTES, Answer, CallWatch, WatchedAdapter, read_answer
from .errors import (
    DriveBadResponse,
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
# Reads: up to READ_RETRIES more attempts on connection errors and these statuses, as long as
# the overall read budget (read_timeout) is not spent; pauses between attempts are tiny.
READ_RETRIES = 2
RETRY_STATUSES = frozenset({502, 503, 504})
RETRY_BACKOFF = (0.1, 0.2)
MIN_ATTEMPT_BUDGET = 0.2

# What we keep of a car's details. A field of the wrong type is not Drive's contract: the whole
# answer is a bad response. A field of the right type whose value we cannot use is one bad
# reading: that field alone becomes null or is cut to fit, and the rest of the answer stands.
# - id, number: identifiers, kept whole or not at all (a cut plate could be another scooter's,
#   and lookups by it would find the wrong one); they must pass the API's reference rule, which
#   is also what our columns hold (64). A car id we cannot keep makes the answer a bad response.
# - model, firmware blocks and versions, complaints: labels for people, cut to fit with "…" (a
#   cut label still says what it is) and with control characters made spaces. The model lands
#   in vehicles.model (64); firmware and complaints only on pages, bounded so that a runaway
#   answer cannot bloat the card.
# - mileage, battery: readings, null when out of range or not finite. A clamped or made-up
#   figure would be a false reading, and the mileage feeds km since a repair and km between
#   repairs. NaN and Infinity, which Python's JSON reader accepts, are null everywhere.
LABEL_LENGTH = 64
COMMENT_LENGTH = 1000
MAX_FIRMWARE_BLOCKS = 32
MAX_COMPLAINTS = 50
MAX_MILEAGE_KM = 1_000_000


@dataclass(frozen=True)
class BrokenComplaint:
    """A ``broken`` tag on a car: a complaint written by support."""

    comment: str
    created_at: datetime


@dataclass(frozen=True)
class Car:
    """Car details as Drive reports them; ``broken`` is newest first."""

    vehicle_id: str
    number: str | None
    model: str | None
    mileage_km: float | None
    battery_percent: int | None
    firmware: dict[str, str] = field(default_factory=dict)
    broken: list[BrokenComplaint] = field(default_factory=list)


@dataclass(frozen=True)
class CommandResult:
    """Drive confirmed a command; ``result`` is its answer (e.g. self-test findings)."""

    action: str
    result: dict[str, Any]


class DriveClient:
    """Client for Drive's car details and car control handles."""

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
        return _parse_car(answer)

    def send_command(self, vehicle_id: str, action: str) -> CommandResult:
        """Send one control command; it is never retried (its outcome may be unknown)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        body = {"car_id": vehicle_id, "action": action}

        def call(watch: CallWatch) -> Answer:
            answer = self._request(watch, "POST", CONTROL_PATH, json=body, command=True)
            return _check_status(answer, command=True)

        return _parse_command(action, self._call(call, self.command_timeout, command=True))

    def _call(
        self, call: Callable[[CallWatch], Answer], timeout: float, *, command: bool
    ) -> Answer:
        """Run ``call`` in the bulkhead and through the breaker; wait ``timeout`` s at most."""
        watch = CallWatch(timeout)
        future = self.bulkhead.submit(lambda: call(watch), admit=self._admit)
        try:
            answer = _outcome(future, watch, command=command)
        except DriveError as exc:
            if exc.trips_breaker:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            raise
        except BaseException:
            self.breaker.record_failure()
            raise
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


def _json_body(answer: Answer, *, command: bool) -> dict[str, Any]:
    try:
        body = json.loads(answer.content, parse_constant=lambda _: None, parse_float=_finite)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise DriveBadResponse("answer is not JSON", outcome_unknown=command) from exc
    if not isinstance(body, dict):
        raise DriveBadResponse("answer is not a JSON object", outcome_unknown=command)
    return body


def _parse_command(action: str, answer: Answer) -> CommandResult:
    body = _json_body(answer, command=True)
    result = body.get("result")
    if body.get("status") != "ok" or not isinstance(result, dict):
        raise DriveBadResponse("answer is not {status: ok, result: {...}}", outcome_unknown=True)
    return CommandResult(action=action, result=result)


def _parse_car(answer: Answer) -> Car:
    car = _json_body(answer, command=False).get("car")
    if not isinstance(car, dict):
        raise DriveBadResponse("answer has no car object")
    vehicle_id = car.get("id")
    if not isinstance(vehicle_id, str) or not vehicle_id:
        raise DriveBadResponse("car.id missing")
    if not is_reference(vehicle_id):
        raise DriveBadResponse("car.id is not an id we can keep")
    firmware = car.get("firmware") or {}
    if not isinstance(firmware, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in firmware.items()
    ):
        raise DriveBadResponse("car.firmware is not a map of strings")
    mileage = _within(_typed(car, "mileage_km", (int, float)), 0, MAX_MILEAGE_KM)
    battery = _typed(car, "battery_percent", (int, float))
    if isinstance(battery, float):
        if not battery.is_integer():
            raise DriveBadResponse("car.battery_percent is not an integer")
        battery = int(battery)
    number = _typed(car, "number", (str,))
    return Car(
        vehicle_id=vehicle_id,
        number=number.strip() if number is not None and is_reference(number.strip()) else None,
        model=_label(_typed(car, "model", (str,)), LABEL_LENGTH),
        mileage_km=float(mileage) if mileage is not None else None,
        battery_percent=_within(battery, 0, 100),
        firmware=_parse_firmware(firmware),
        broken=_parse_broken(car.get("tags")),
    )


def _typed(car: dict[str, Any], key: str, types: tuple[type, ...]) -> Any:
    """``car[key]`` when absent/null or of one of ``types`` (bools rejected), else an error."""
    value = car.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, types):
        raise DriveBadResponse(f"car.{key} has the wrong type")
    return value


def _finite(text: str) -> float | None:
    """A JSON number with a fraction or exponent; None when beyond a float (``1e400``)."""
    value = float(text)
    return value if math.isfinite(value) else None


def _within(value: Any, low: int, high: int) -> Any:
    """``value`` (any size of int, or a float) when in [low, high], else None.

    Ints are compared before anything converts them: ``float(10**400)`` would raise.
    """
    return value if value is not None and low <= value <= high else None


def _label(value: str | None, limit: int) -> str | None:
    """Drive's text for people: control characters as spaces, lone surrogates as U+FFFD (they
    cannot be encoded, so a page or the database would fail on them), runs of whitespace as
    one space, cut to ``limit`` with "…"; None when nothing is left."""
    if value is None:
        return None
    replaced = {"Cc": " ", "Cs": "\ufffd"}
    shown = "".join(replaced.get(unicodedata.category(c), c) for c in value)
    shown = " ".join(shown.split())
    if len(shown) > limit:
        shown = shown[: limit - 1].rstrip() + "…"
    return shown or None


def _parse_firmware(firmware: dict[str, str]) -> dict[str, str]:
    """Firmware versions by block, the first MAX_FIRMWARE_BLOCKS, as labels."""
    kept = {}
    for block, version in list(firmware.items())[:MAX_FIRMWARE_BLOCKS]:
        block, version = _label(block, LABEL_LENGTH), _label(version, LABEL_LENGTH)
        if block and version:
            kept[block] = version
    return kept


def _parse_broken(tags: Any) -> list[BrokenComplaint]:
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(t, dict) for t in tags):
        raise DriveBadResponse("car.tags is not a list of objects")
    complaints = []
    for tag in tags:
        if tag.get("tag") != "broken":
            continue
        comment = tag.get("comment")
        if comment is not None and not isinstance(comment, str):
            raise DriveBadResponse("broken tag comment is not a string")
        complaints.append(
            BrokenComplaint(
                _label(comment, COMMENT_LENGTH) or "", _parse_time(tag.get("created_at"))
            )
        )
    complaints.sort(key=lambda c: c.created_at, reverse=True)
    return complaints[:MAX_COMPLAINTS]


def _parse_time(value: Any) -> datetime:
    """An RFC 3339 timestamp as an aware UTC datetime (naive values are taken as UTC)."""
    if not isinstance(value, str):
        raise DriveBadResponse("tag created_at is not a string")
    try:
        parsed = datetime.fromisoformat(value.strip())
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # "0001-01-01T00:00+01:00" is before year 1 UTC
        raise DriveBadResponse("tag created_at is not an RFC 3339 time") from exc
