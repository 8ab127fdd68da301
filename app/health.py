"""`/healthz` and `/readyz` for a load balancer or an orchestrator; anyone may call them.

`/healthz`: the process answers (nothing else is touched). `/readyz`: this worker can serve:
the database answers and its schema is at the latest migration (a host started before
`flask db upgrade` is not ready); the batched data migrations not finished are listed.
Drive's breaker state is reported but never makes a host
unready: Drive is the same for every host, and taking them all out of service would also stop
what works without Drive (history, statistics, shifts). The outbox's backlog (writes to
Drive not confirmed yet: how many, the oldest's age in seconds, and the rejected ones) is
reported for monitoring, and never makes a host unready either: it grows while Drive is down.
Data migrations still to run are reported the same way.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint

from app import data_migrations
from app.drive import get_drive
from app.extensions import db
from app.outbox import backlog
from app.paths import resource
from app.settings.environment import first_line

bp = Blueprint("health", __name__)

MIGRATIONS = resource("migrations")


@cache
def latest_revisions() -> tuple[str, ...]:
    """The heads of the migrations shipped with this code (read once per process)."""
    return tuple(sorted(ScriptDirectory(str(MIGRATIONS)).get_heads()))


def _database_and_schema() -> dict[str, Any]:
    latest = list(latest_revisions())
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            current = sorted(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # any driver's error: the database is not reachable
        return {
            "database": {"ok": False, "error": first_line(error)},
            "schema": {"ok": False, "revision": None, "latest": latest},
        }
    return {
        "database": {"ok": True},
        "schema": {"ok": current == latest, "revision": current, "latest": latest},
    }


def _outbox(*, ready_schema: bool) -> dict[str, Any]:
    """The outbox's backlog; unknown (nulls) while the schema is behind or the query fails."""
    unknown = {"ok": True, "pending": None, "oldest_age_seconds": None, "rejected": None}
    if not ready_schema:
        return unknown
    try:
        waiting = backlog()
    except Exception as error:  # any driver's error: reported, not fatal
        db.session.rollback()
        return unknown | {"error": first_line(error)}
    age = waiting.oldest_age_seconds
    return {
        "ok": True,
        "pending": waiting.pending,
        "oldest_age_seconds": None if age is None else round(age, 1),
        "rejected": waiting.rejected,
    }


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when every check is ok, else 503; the body says which failed."""
    checks = _database_and_schema()
    checks["drive"] = {"ok": True, "breaker": get_drive().breaker.state}
    checks["outbox"] = _outbox(ready_schema=checks["schema"]["ok"])
    if checks["schema"]["ok"]:  # reported, never a reason to be unready: the app copes
        checks["data_migrations"] = {"ok": True, "pending": data_migrations.pending()}
    ready = all(check["ok"] for check in checks.values())
    return {"ready": ready, "checks": checks}, 200 if ready else 503
