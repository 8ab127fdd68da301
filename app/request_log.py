"""JSON logs to standard output, each line with the request id of the request it belongs to.

A request's id is its `X-Request-ID` header when that is sane (1-64 letters, digits, `._:-`),
else a new random one; the answer carries it back in `X-Request-ID`, calls to Drive send it in
the same header (app/drive/client.py) and the security log records it. Every request ends
with one `request` line (method, path, endpoint, status, milliseconds).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

import click
from flask import Flask, Response, g, has_request_context, request

from app.clock import to_rfc3339, utcnow

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
logger = logging.getLogger("scooters.request")


def current_request_id() -> str | None:
    """This request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, then the message or the
    record's `fields` (a dict passed as `extra={"fields": ...}`)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": to_rfc3339(utcnow()),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _in_command() -> bool:
    """Whether a `flask ...` command is running: its output is for the operator to read."""
    return click.get_current_context(silent=True) is not None


class _Stdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is now (a test's capture replaces it). During a `flask`
    command the command's output owns stdout: only warnings and errors are logged, to stderr."""

    json_stdout = True

    def filter(self, record: logging.LogRecord) -> bool:
        if _in_command() and record.levelno < logging.WARNING:
            return False
        return super().filter(record)

    @property
    def stream(self):
        return sys.stderr if _in_command() else sys.stdout

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _begin() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if SANE.fullmatch(given) else uuid.uuid4().hex
    g.request_log_started = time.perf_counter()


def _end(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id", "")
    started = g.pop("request_log_started", None)
    if started is not None:
        fields = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logger.info("request", extra={"fields": fields})
    return response


def _configure_logging(app: Flask) -> None:
    """The app's loggers write JSON lines to stdout (once per process)."""
    root = logging.getLogger("scooters")
    if not any(getattr(h, "json_stdout", False) for h in root.handlers):
        handler = _Stdout()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    app.logger.handlers[:] = [h for h in root.handlers if getattr(h, "json_stdout", False)]


def init_app(app: Flask) -> None:
    _configure_logging(app)
    app.before_request(_begin)
    app.after_request(_end)
