"""Prometheus metrics at `/metrics`, summed over every gunicorn worker of the host.

Under gunicorn, `app/gunicorn_conf.py` points PROMETHEUS_MULTIPROC_DIR at a folder of the
instance (unless set), empties it at start and drops a dead worker's live gauges; every worker
writes its samples there and `/metrics` reads them all (prometheus_client's multiprocess mode).
prometheus_client is imported on first use, in the worker, after that variable is set.
Without it (tests, `flask` commands) the samples are the process's own.

Exposure: with METRICS_TOKEN set, `/metrics` wants `Authorization: Bearer <token>`; unset, it
answers only requests whose peer is this machine (a scraper on the host, or through a proxy
nobody else reaches). Anyone else gets 404.
"""

from __future__ import annotations

import hmac
import os
import time
from functools import cache
from types import SimpleNamespace

from flask import Blueprint, Flask, Response, abort, current_app, g, request

bp = Blueprint("metrics", __name__)

LOOPBACK = {"127.0.0.1", "::1"}
BREAKER_VALUE = {"closed": 0, "half_open": 1, "open": 2}
PREFIX = "repair_"


@cache
def _metrics() -> SimpleNamespace:
    from prometheus_client import Counter, Gauge, Histogram

    return SimpleNamespace(
        requests=Histogram(
            f"{PREFIX}http_request_duration_seconds",
            "Requests by endpoint and status, and how long they took",
            ["endpoint", "method", "status"],
        ),
        drive=Histogram(
            f"{PREFIX}drive_call_duration_seconds",
            "Calls to Drive by kind (read, command) and outcome (ok or the error code)",
            ["kind", "outcome"],
        ),
        breaker=Gauge(
            f"{PREFIX}drive_breaker_state",
            "The worst Drive breaker state among live workers: 0 closed, 1 half-open, 2 open",
            multiprocess_mode="livemax",
        ),
        stats=Histogram(
            f"{PREFIX}stats_refresh_duration_seconds",
            "Statistics report refreshes, by result (ok, error)",
            ["result"],
            buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
        ),
        lockouts=Counter(
            f"{PREFIX}login_lockouts",
            "Login lock-outs, by scope (pair, performer, address)",
            ["scope"],
        ),
        audit=Counter(
            f"{PREFIX}control_audit_settled",
            "Command audit rows settled, by outcome",
            ["outcome"],
        ),
    )


def drive_call(kind: str, outcome: str, seconds: float, breaker_state: str) -> None:
    m = _metrics()
    m.drive.labels(kind, outcome).observe(seconds)
    m.breaker.set(BREAKER_VALUE.get(breaker_state, 0))


def stats_refresh(result: str, seconds: float) -> None:
    _metrics().stats.labels(result).observe(seconds)


def lockout(scope: str) -> None:
    _metrics().lockouts.labels(scope).inc()


def audit_settled(outcome: str, rows: int = 1) -> None:
    if rows:
        _metrics().audit.labels(outcome).inc(rows)


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _observed(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    if started is not None and request.endpoint != "metrics.metrics":
        endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
        _metrics().requests.labels(endpoint, request.method, str(response.status_code)).observe(
            time.perf_counter() - started
        )
    return response


def _allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.environ.get("REMOTE_ADDR") in LOOPBACK


@bp.get("/metrics")
def metrics():
    """The samples in Prometheus' text format (every worker's, summed, under gunicorn)."""
    if not _allowed():
        abort(404)
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    _metrics()  # the families exist even before their first sample
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.before_request(_started)
    app.after_request(_observed)
    app.register_blueprint(bp)
