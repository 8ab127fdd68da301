"""A crowd of performers on shift at one warehouse, and the app served by gunicorn."""

from __future__ import annotations

import os

import pytest

from devtools.server import gunicorn
from tests import factories
from tests.support.database import on_postgres

# 200 repairers for a minute on PostgreSQL (the production database); a smaller crowd on the
# embedded SQLite default. LOAD_REPAIRERS / LOAD_SECONDS override both.
REPAIRERS = int(os.environ.get("LOAD_REPAIRERS") or (200 if on_postgres() else 50))
SECONDS = float(os.environ.get("LOAD_SECONDS") or (60 if on_postgres() else 20))


@pytest.fixture
def crowd(app) -> tuple[list[str], str]:
    """REPAIRERS performers and an API token."""
    factories.make_place("wh-1")
    performers = [f"load-{n:03d}" for n in range(REPAIRERS)]
    for performer_id in performers:
        factories.make_user(performer_id, f"Ремонтник {performer_id}")
    return performers, factories.make_token("load")


@pytest.fixture
def server_env(app_config) -> dict[str, str]:
    return {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "load",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
    }


@pytest.fixture
def server(server_env, tmp_path):
    with gunicorn(server_env, workers=4, threads=4, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base
