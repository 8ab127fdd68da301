"""Online backups of the SQLite database while the app writes, and restoring one."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import Job, Repair
from devtools.server import gunicorn
from tests import factories
from tests.support.database import on_postgres

pytestmark = pytest.mark.skipif(on_postgres(), reason="SQLite backups; PostgreSQL uses pg_dump")


def _counts(path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path)
    try:
        repairs = conn.execute("SELECT count(*) FROM repairs").fetchone()[0]
        jobs = conn.execute("SELECT count(*) FROM jobs").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM jobs WHERE repair_pk NOT IN (SELECT id FROM repairs)"
        ).fetchone()[0]
    finally:
        conn.close()
    return repairs, jobs, orphans


@pytest.mark.slow
def test_a_backup_taken_under_load_is_consistent_and_restores(
    app, app_config, runner, vehicle_ids, tmp_path
):
    factories.make_place("wh-1")
    for n in range(4):
        factories.make_user(f"rep-{n}")
    token = factories.make_token()
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "x",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
    }
    stop = threading.Event()

    def repairer(n: int, base: str) -> None:
        session, k = requests.Session(), 0
        session.headers["Authorization"] = f"Bearer {token}"
        while not stop.is_set():
            rid = f"r-{n}-{k}"
            session.post(
                f"{base}/api/repair/start",
                timeout=30,
                json={
                    "repair_id": rid,
                    "performer_id": f"rep-{n}",
                    "vehicle_id": vehicle_ids[n],
                    "place_id": "wh-1",
                },
            )
            session.post(
                f"{base}/api/repair-job/start",
                timeout=30,
                json={"repair_id": rid, "job_id": f"{rid}-j", "type": "grips"},
            )
            session.post(f"{base}/api/repair-job/end", timeout=30, json={"job_id": f"{rid}-j"})
            session.post(f"{base}/api/repair/end", timeout=30, json={"repair_id": rid})
            k += 1

    backup_path = tmp_path / "backup.sqlite3"
    with gunicorn(env, workers=2) as served:
        threads = [threading.Thread(target=repairer, args=(n, served.base)) for n in range(4)]
        for thread in threads:
            thread.start()
        stop.wait(2)
        result = runner.invoke(args=["backup", "create", str(backup_path)])
        stop.wait(1)
        stop.set()
        for thread in threads:
            thread.join()

    assert result.exit_code == 0, result.output
    repairs, jobs, orphans = _counts(backup_path)
    assert repairs > 0 and orphans == 0
    final = db.session.scalar(select(func.count()).select_from(Repair))
    assert repairs <= final  # a snapshot of an earlier moment, never more

    restored = runner.invoke(args=["backup", "restore", str(backup_path), "--yes"])

    assert restored.exit_code == 0, restored.output
    db.session.expire_all()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Repair)) == repairs
    assert db.session.scalar(select(func.count()).select_from(Job)) == jobs


def test_restore_refuses_a_file_that_is_not_a_database(runner, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)

    result = runner.invoke(args=["backup", "restore", str(junk), "--yes"])

    assert result.exit_code != 0
