"""The typed errors and the classification of transport exceptions."""

from __future__ import annotations

import pytest
import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

from app.drive import (
    DriveBadResponse,
    DriveError,
    DriveNotFound,
    DriveRefused,
    DriveTimeout,
    DriveUnavailable,
)
from app.drive.errors import classify_exception


def max_retry(reason: Exception) -> MaxRetryError:
    return MaxRetryError(None, "/api/taxi/car/control", reason)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exc", "expected", "unknown"),
    [
        (requests.ConnectTimeout(max_retry(ConnectTimeoutError("slow"))), DriveUnavailable, False),
        (
            requests.ConnectionError(max_retry(NewConnectionError(None, "refused"))),  # type: ignore[arg-type]
            DriveUnavailable,
            False,
        ),
        (requests.exceptions.InvalidURL("http://"), DriveUnavailable, False),
        (requests.ReadTimeout(ReadTimeoutError(None, "/", "read")), DriveTimeout, True),  # type: ignore[arg-type]
        (requests.ConnectionError(ReadTimeoutError(None, "/", "body")), DriveTimeout, True),  # type: ignore[arg-type]
        (
            requests.ConnectionError(ProtocolError("aborted", ConnectionResetError(104, "rst"))),
            DriveBadResponse,
            True,
        ),
        (requests.exceptions.ChunkedEncodingError("truncated"), DriveBadResponse, True),
        (requests.ConnectionError("who knows"), DriveBadResponse, True),
    ],
)
def test_classification(exc: Exception, expected: type, unknown: bool) -> None:
    error = classify_exception(exc, command=True)
    assert type(error) is expected
    assert error.outcome_unknown is unknown
    assert classify_exception(exc, command=False).outcome_unknown is False


@pytest.mark.parametrize(
    ("error", "code", "kind", "read_kind"),
    [
        (DriveNotFound("car_not_found"), "unknown_vehicle", "not_found", "not_found"),
        (DriveUnavailable("circuit open"), "drive_unavailable", "unavailable", "unavailable"),
        (DriveTimeout("read timeout"), "drive_timeout", "timeout", "timeout"),
        (DriveRefused("HTTP 500"), "drive_error", "refused", "bad_response"),
        (DriveBadResponse("not JSON"), "drive_error", "bad_response", "bad_response"),
    ],
)
def test_codes_and_kinds(error: DriveError, code: str, kind: str, read_kind: str) -> None:
    assert isinstance(error, DriveError)
    assert (error.code, error.kind, error.read_error_kind) == (code, kind, read_kind)


def test_unavailable_never_has_an_unknown_outcome() -> None:
    assert DriveUnavailable("x").outcome_unknown is False
