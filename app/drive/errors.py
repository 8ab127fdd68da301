"""Typed failures of calls to Drive.

Every way a call can fail maps to exactly one class below, so callers decide what the user sees
(API error codes, the "drive" block of scooter info, audit outcomes) without knowing HTTP.
``classify_exception`` maps transport exceptions (requests/urllib3) onto these classes.
"""

from __future__ import annotations

import requests
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, ReadTimeoutError


class DriveError(Exception):
    """Base of all Drive failures.

    Attributes:
        code: our API error code for this failure (``drive_error``, ``drive_timeout``, ...).
        kind: short machine name: ``not_found``, ``unavailable``, ``timeout``, ``refused``,
            ``bad_response``.
        detail: Drive's own error code, or what went wrong (``HTTP 500``, ``circuit open``, ...).
        message: Drive's human-readable message when it sent one, else None.
        outcome_unknown: True when a command may have reached Drive and we cannot tell whether it
            ran (read timeout or dropped connection after sending, garbage answer).
        http_status: the HTTP status Drive answered with, None when no answer came.
    """

    code = "drive_error"
    kind = "bad_response"

    def __init__(
        self,
        detail: str | None = None,
        *,
        outcome_unknown: bool = False,
        message: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(detail or self.kind)
        self.detail = detail
        self.message = message
        self.outcome_unknown = outcome_unknown
        self.http_status = http_status

    @property
    def read_error_kind(self) -> str:
        """The value reported for a failed read in ``{"drive": {"ok": false, "error": ...}}``.

        Mapping: unavailable -> "unavailable", timeout -> "timeout", refused and bad_response ->
        "bad_response" (Drive answered, but not with car details). not_found -> "not_found",
        which callers normally answer with a 404 instead of reporting it.
        """
        if self.kind in ("unavailable", "timeout", "not_found"):
            return self.kind
        return "bad_response"

    @property
    def trips_breaker(self) -> bool:
        """Whether this failure counts towards opening the circuit breaker.

        Not-found answers and refusals below 500 prove that Drive is alive, so they do not count.
        """
        return True

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(detail={self.detail!r}, "
            f"outcome_unknown={self.outcome_unknown!r}, http_status={self.http_status!r})"
        )


class DriveNotFound(DriveError):
    """Drive answered 404 ``car_not_found``: there is no such vehicle."""

    code = "unknown_vehicle"
    kind = "not_found"

    @property
    def trips_breaker(self) -> bool:
        """Never: Drive answered."""
        return False


class DriveUnavailable(DriveError):
    """No connection could be made (refused, DNS, connect timeout) or the circuit is open.

    Nothing reached Drive, so the outcome of a command is always known (it did not run).
    """

    code = "drive_unavailable"
    kind = "unavailable"

    def __init__(self, detail: str | None = None, *, message: str | None = None) -> None:
        super().__init__(detail, outcome_unknown=False, message=message)


class DriveBusy(DriveUnavailable):
    """Refused by the bulkhead: this worker already has its most calls to Drive in flight.

    Nothing was sent. It is treated like Drive being unavailable (``drive_unavailable``, read
    kind ``unavailable``) but says nothing about Drive's health, so the breaker ignores it.
    """

    @property
    def trips_breaker(self) -> bool:
        """Never: Drive was not asked."""
        return False


class DriveTimeout(DriveError):
    """The request was sent and no whole answer came by the call's deadline."""

    code = "drive_timeout"
    kind = "timeout"


class DriveRefused(DriveError):
    """Drive answered with an error: 409 refusals and any other 4xx/5xx answer.

    ``detail`` is Drive's error code (``car_offline``, ``action_rejected``) or ``HTTP <status>``.
    """

    code = "drive_error"
    kind = "refused"

    @property
    def trips_breaker(self) -> bool:
        """Only server errors (5xx) count; a 4xx answer proves Drive is alive."""
        return self.http_status is None or self.http_status >= 500


class DriveBadResponse(DriveError):
    """A 2xx answer that is not the documented JSON, or the connection dropped after sending."""

    code = "drive_error"
    kind = "bad_response"


def classify_exception(exc: BaseException, *, command: bool) -> DriveError:
    """Map a requests/urllib3 failure to a typed error.

    Connect-phase failures (refused, DNS, connect timeout, bad URL) mean nothing was sent:
    DriveUnavailable. A read timeout is DriveTimeout. Anything else (reset, dropped or truncated
    answer) happened after the request was sent: DriveBadResponse. For commands, both of the
    latter are ``outcome_unknown``.
    """
    chain = _exception_chain(exc)
    if any(isinstance(e, requests.ReadTimeout | ReadTimeoutError) for e in chain):
        return DriveTimeout("read timeout", outcome_unknown=command)
    connect_phase = (
        requests.ConnectTimeout,
        ConnectTimeoutError,  # includes urllib3's NewConnectionError
        NameResolutionError,
        ConnectionRefusedError,
        requests.exceptions.InvalidURL,
        requests.exceptions.InvalidSchema,
        requests.exceptions.MissingSchema,
    )
    if any(isinstance(e, connect_phase) for e in chain):
        return DriveUnavailable(f"no connection: {type(_root(chain)).__name__}")
    return DriveBadResponse(
        f"connection dropped: {type(_root(chain)).__name__}", outcome_unknown=command
    )


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception it wraps (args, cause, context, urllib3's ``reason``)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += list(current.args)
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return seen


def _root(chain: list[BaseException]) -> BaseException:
    return chain[-1] if chain else Exception()
