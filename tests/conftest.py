"""Fixtures: a migrated database once per run, emptied before every test; app, client, runner."""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.drive import simulator_for
from app.extensions import db
from tests import factories
from tests.support.database import clear_tables, on_postgres, scratch_postgres_database
from tests.support.http import ApiClient


def _base_config(database_url: str, tmp_dir) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "PIN_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
        "SQLITE_STRICT_WRITES": True,  # a request writing outside write_transaction() fails
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DRIVE_URL": None,
        "DRIVE_READ_TIMEOUT": 0.5,  # short, so tests of a silent Drive stay quick
        "DRIVE_COMMAND_TIMEOUT": 0.5,
        "OUTBOX_INTERVAL_SECONDS": 0,  # no background delivery; tests deliver when they mean to
        "DRIVE_SIMULATOR_PATH": os.path.join(str(tmp_dir), "drive-simulator.sqlite3"),
        "LOGIN_THROTTLE_STORAGE": "sqlite:///" + os.path.join(str(tmp_dir), "throttle.sqlite3"),
        "SECURITY_LOG": os.path.join(str(tmp_dir), "security.log"),
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The run's own database, migrated to head with the real migrations.

    On PostgreSQL each run creates a scratch database beside TEST_DATABASE_URL's and drops it
    at the end, so runs on one server never share tables."""
    with ExitStack() as stack:
        if on_postgres():
            url = stack.enter_context(scratch_postgres_database())
        else:
            url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        app = create_app(_base_config(url, tmp_path_factory.mktemp("drive")))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture(scope="session")
def seeded_rows(database_url) -> dict[str, list[dict]]:
    """Rows the migrations create (the default job types), restored before every test."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM job_types"))]
    engine.dispose()
    return {"job_types": rows}


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The test app's settings; tests may change them before `app` is built.

    Statistics are computed on every view (no snapshots), as tests expect to see what they
    just wrote; tests/manager/test_stats_cache.py checks the snapshots with a positive age."""
    return _base_config(database_url, tmp_path) | {"STATS_MAX_AGE_SECONDS": 0}


@pytest.fixture
def app(app_config, seeded_rows):
    """A fresh app over an emptied database, inside an app context."""
    app = create_app(app_config)
    with app.app_context():
        clear_tables(db.engine, db.metadata, seeded_rows)
        yield app
        db.session.remove()
        db.engine.dispose()


class RequestScopedClient(FlaskClient):
    """Each request runs in its own app context, as in production, so nothing cached on `g`
    (the logged-in user, translations) leaks from one request to the next. The test's own
    session commits first, so the request sees what the test wrote and vice versa."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = RequestScopedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def simulator(app):
    """The built-in Drive simulator the app talks to (state in this test's tmp dir)."""
    return simulator_for(app)


@pytest.fixture
def vehicle_ids(simulator) -> list[str]:
    """Ids of the simulator's scooters that are online, in fleet order."""
    return [s.vehicle_id for s in simulator.scooters() if not s.offline]


@pytest.fixture
def api(client, vehicle_ids) -> ApiClient:
    """An API client holding a valid bearer token."""
    return ApiClient(client, factories.make_token(), vehicle_ids)


@pytest.fixture
def workshop(app):
    """One warehouse and two repairers, as most repair tests need."""
    place = factories.make_place("wh-1")
    factories.make_user("rep-1", "Иван Петров")
    factories.make_user("rep-2", "Пётр Иванов")
    return place
