"""One answer for every error: a JSON body under /api, a page elsewhere; never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.errors import ServiceError
from app.web.messages import message_for

_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def wants_json() -> bool:
    """API callers always get JSON errors."""
    return request.path == "/api" or request.path.startswith("/api/")


def _answer(status: int, code: str, message: str, extra: dict | None = None):
    if wants_json():
        return {"error": {"code": code, "message": message, **(extra or {})}}, status
    page = render_template("errors/error.html", status=status, code=code, message=message)
    return page, status


def handle_service_error(error: ServiceError):
    """A rule said no: its code, message and extra fields; a page says it as every page does."""
    if wants_json():
        return _answer(error.status, error.code, error.message, error.extra)
    return _answer(error.status, error.code, message_for(error))


def handle_http_error(error: HTTPException):
    """Werkzeug's own errors (404, 405, ...), in our format."""
    status = error.code or 500
    code = _HTTP_CODES.get(status, "internal_error" if status >= 500 else "http_error")
    response = _answer(status, code, error.description or error.name)
    if status == 405 and error.response is None:
        allowed = getattr(error, "valid_methods", None)
        if allowed:
            body, status = response
            return body, status, {"Allow": ", ".join(allowed)}
    return response


def handle_unexpected(error: Exception):
    """A bug: logged with its traceback, answered without it."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return _answer(500, "internal_error", InternalServerError.description)


def register(app: Flask) -> None:
    """Install the handlers on the app."""
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
