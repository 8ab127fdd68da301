"""`/healthz` and `/readyz` for a load balancer or an orchestrator; anyone may call them.

`/healthz`: the process answers (nothing else is touched). `/readyz`: this worker can serve:
the database answers and its schema is at the latest migration (a host started before
`flask db upgrade` is not ready); the batched data migrations not finished are listed.
Drive's breaker state is reported but never makes a host
unready: Drive is the same for every host, and taking them all out of service would also stop
what works without Drive (history, statistics, shifts). The outbox backlog is reported the
same way once `app.outbox` (branch `outbox`) exists: `_outbox()` is the hook.
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


def _outbox() -> dict[str, Any] | None:
    """The outbox backlog (reported, never a reason to be unready), once `app.outbox` exists:
    the hook for branch `outbox`, whose `backlog()` counts messages not yet delivered."""
    try:
        from app.outbox import backlog  # type: ignore[import-not-found]
    except ImportError:
        return None
    return {"ok": True, "backlog": backlog()}


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when every check is ok, else 503; the body says which failed."""
    checks = _database_and_schema()
    checks["drive"] = {"ok": True, "breaker": get_drive().breaker.state}
    if checks["schema"]["ok"]:  # reported, never a reason to be unready: the app copes
        checks["data_migrations"] = {"ok": True, "pending": data_migrations.pending()}
    outbox = _outbox()
    if outbox is not None:
        checks["outbox"] = outbox
    ready = all(check["ok"] for check in checks.values())
    return {"ready": ready, "checks": checks}, 200 if ready else 503
