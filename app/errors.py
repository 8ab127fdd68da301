"""Errors raised by services; views turn them into JSON bodies or inline messages."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A rule said no. `code` is the stable snake_case code clients branch on."""

    status = 400
    code = "invalid_request"

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        """The `error` object of a JSON error body."""
        return {"code": self.code, "message": self.message, **self.extra}


class InvalidRequest(ServiceError):
    """The request's form is wrong: not JSON, a field missing, of the wrong type or format."""

    status = 400
    code = "invalid_request"


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Unprocessable(ServiceError):
    """Well-formed, but refers to something that does not exist or does not match."""

    status = 422


class Conflict(ServiceError):
    """The request is valid but the current state forbids it."""

    status = 409
