"""The security log: every login success, failure, lock-out and lift, one JSON line each.

Written to the `scooters.security` logger; SECURITY_LOG (default instance/security.log) adds a
file handler, so the log survives restarts and can be shipped elsewhere.
"""

from __future__ import annotations

import json
import logging
import os

from flask import Flask, request

from app import metrics
from app.clock import to_rfc3339, utcnow
from app.request_log import current_request_id

logger = logging.getLogger("scooters.security")


def record(event: str, performer_id: str | None, **extra) -> None:
    """Write one event: login_ok, login_failed (tries_left), login_locked (scope),
    login_refused (scope, retry_after_s), lock_lifted (by: the manager), logout."""
    entry = {
        "at": to_rfc3339(utcnow()),
        "event": event,
        "performer_id": performer_id,
        "address": request.remote_addr,
        "user_agent": request.user_agent.string[:200],
        "request_id": current_request_id(),
        **extra,
    }
    if event == "login_locked":
        metrics.lockout(str(extra.get("scope")))
    # The file keeps the line as it is; standard output gets it as the JSON log's fields.
    logger.info(json.dumps(entry, ensure_ascii=False), extra={"fields": entry})


def init_app(app: Flask) -> None:
    """Attach the file handler once per process."""
    path = app.config["SECURITY_LOG"]
    logger.setLevel(logging.INFO)
    if not any(getattr(h, "baseFilename", None) == os.path.abspath(path) for h in logger.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
