"""`/healthz` and `/readyz`: what a load balancer asks before sending a host traffic."""

from __future__ import annotations

import shutil

import pytest
from flask_migrate import upgrade

from app import create_app
from app.drive import get_drive
from app.extensions import db
from app.health import latest_revisions
from tests.support.database import on_postgres, scratch_postgres_database


def test_healthz_answers_anyone_without_touching_anything(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_on_a_database_at_the_latest_migration(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.get_json()
    assert body["ready"] is True
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["schema"]["ok"] is True
    assert body["checks"]["schema"]["revision"] == list(latest_revisions())
    assert body["checks"]["drive"] == {"ok": True, "breaker": "closed"}
    assert body["checks"]["outbox"] == {
        "ok": True,
        "pending": 0,
        "oldest_age_seconds": None,
        "rejected": 0,
    }


def test_readyz_reports_the_outbox_backlog_but_stays_ready(app, client, simulator):
    from app.database import write_transaction
    from app.outbox import deliver_due, enqueue

    car = simulator.scooter(number="0007").vehicle_id
    with write_transaction():
        enqueue(car, "add_tag", {"tag": "ready_for_deployment", "comment": "r"}, "rel-1:ready")
        enqueue(car, "remove_tag", {"no": "tag id"}, "rel-1:bad")
    simulator.set_faults("down")
    deliver_due()

    response = client.get("/readyz")

    assert response.status_code == 200
    outbox = response.get_json()["checks"]["outbox"]
    assert (outbox["pending"], outbox["rejected"]) == (1, 1)
    assert outbox["oldest_age_seconds"] >= 0


def test_readyz_lists_the_data_migrations_still_to_run_but_stays_ready(client, runner):
    before = client.get("/readyz")
    runner.invoke(args=["data", "migrate"])
    after = client.get("/readyz")

    assert before.status_code == 200
    assert before.get_json()["checks"]["data_migrations"] == {
        "ok": True,
        "pending": ["0004_km_since_same_type"],
    }
    assert after.get_json()["checks"]["data_migrations"] == {"ok": True, "pending": []}


def test_readyz_reports_an_open_drive_breaker_but_stays_ready(app, client):
    breaker = get_drive().breaker
    for _ in range(app.config["DRIVE_BREAKER_FAILURES"]):
        breaker.record_failure()

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json()["checks"]["drive"] == {"ok": True, "breaker": "open"}


@pytest.fixture
def older_database(tmp_path):
    """A database migrated only to revision 0004: its host started before `flask db upgrade`."""
    if on_postgres():
        with scratch_postgres_database() as url:
            yield url
    else:
        yield "sqlite:///" + str(tmp_path / "older.sqlite3")


def test_readyz_is_not_ready_while_the_schema_is_behind(older_database, app_config):
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": older_database})
    with app.app_context():
        upgrade(revision="0004")

        behind = app.test_client().get("/readyz")
        upgrade()
        caught_up = app.test_client().get("/readyz")

        db.engine.dispose()

    assert behind.status_code == 503
    schema = behind.get_json()["checks"]["schema"]
    assert schema == {"ok": False, "revision": ["0004"], "latest": list(latest_revisions())}
    assert behind.get_json()["ready"] is False
    assert behind.get_json()["checks"]["outbox"]["pending"] is None  # no outbox table yet
    assert caught_up.status_code == 200
    assert caught_up.get_json()["checks"]["outbox"]["pending"] == 0


def test_readyz_is_not_ready_when_the_database_is_gone_but_healthz_still_answers(
    tmp_path, app_config
):
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/app.sqlite3"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
        shutil.rmtree(folder)  # the disk the database was on is gone

        ready = app.test_client().get("/readyz")
        alive = app.test_client().get("/healthz")
        db.engine.dispose()

    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"] == {
        "ok": False,
        "error": "unable to open database file",
    }
    assert alive.status_code == 200
