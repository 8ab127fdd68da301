"""Several deliverers at once (threads of a worker, separate processes): each write is sent
and applied once, and the request that enqueued it never waits for Drive."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app import create_app
from app.database import write_transaction
from app.extensions import db
from app.outbox import backlog, deliver_due, deliverer, enqueue
from tests.outbox.conftest import attempts, entries, release, tags

ROOT = Path(__file__).resolve().parents[2]


def _release_many(simulator, count: int) -> list[str]:
    """``count`` scooters released, each with its complaints' tags and the ready tag."""
    cars = [s for s in simulator.scooters() if any(t.tag == "broken" for t in s.tags)][:count]
    for n, scooter in enumerate(cars):
        broken = tags(simulator, scooter.vehicle_id, "broken")
        release(scooter.vehicle_id, f"rel-{n}", [t["tag_id"] for t in broken])
    return [s.vehicle_id for s in cars]


def _assert_each_write_applied_once(simulator, cars: list[str]) -> None:
    rows = entries()
    assert {e.status for e in rows} == {"delivered"}
    # Every row was claimed once: one attempt each, none lost to a race.
    assert len(attempts()) == len(rows) and {e.attempts for e in rows} == {1}
    writes = simulator.tag_writes()
    assert sorted(w.request_id for w in writes) == sorted(e.key for e in rows)
    assert all(w.applied for w in writes)
    for car in cars:
        assert len(tags(simulator, car, "ready_for_deployment")) == 1
        assert tags(simulator, car, "broken") == []


def test_two_threads_deliver_each_write_once(app, simulator):
    cars = _release_many(simulator, 8)
    simulator.set_faults("slow", latency=0.02, scope="commands")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def deliver() -> None:
        with app.app_context():
            try:
                start.wait()
                while deliver_due(limit=3).claimed:
                    pass
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    simulator.clear_faults()
    _assert_each_write_applied_once(simulator, cars)


@pytest.mark.slow
def test_two_processes_deliver_each_write_once(app, app_config, simulator, tmp_path):
    cars = _release_many(simulator, 12)
    db.session.commit()
    simulator.set_faults("slow", latency=0.05, scope="commands")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRIVE_", "OUTBOX_"))}
    env |= {
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "outbox-test",
        "DRIVE_URL": app_config["DRIVE_URL"],
        "DRIVE_COMMAND_TIMEOUT": "5",
        "OUTBOX_INTERVAL_SECONDS": "0",
        "DRIVE_SIMULATOR_PATH": str(tmp_path / "unused-simulator.sqlite3"),
        "LOGIN_THROTTLE_STORAGE": f"sqlite:///{tmp_path}/throttle.sqlite3",
        "SECURITY_LOG": str(tmp_path / "security.log"),
    }
    flask = Path(sys.executable).parent / "flask"
    command = [str(flask), "outbox", "deliver", "--all-due"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    delivered = sum(int(out.split()[0]) for out in outputs)
    assert delivered == len(entries())
    simulator.clear_faults()
    _assert_each_write_applied_once(simulator, cars)


def test_the_enqueuing_commit_wakes_delivery_and_does_not_wait_for_drive(app_config, simulator):
    app_config["OUTBOX_INTERVAL_SECONDS"] = 3600  # only the commit can wake it in this test
    app_config["DRIVE_COMMAND_TIMEOUT"] = 3.0  # each write to a silent Drive waits this long
    app = create_app(app_config)
    with app.app_context():
        car = simulator.scooter(number="0007").vehicle_id
        simulator.set_faults("timeout", scope="commands")  # Drive takes every write, never answers
        rounds = deliverer().rounds

        release(car, "rel-1", [])
        # The release is committed and back while its write still waits for Drive's answer.
        assert attempts() == [] and backlog().pending == 1

        rounds = deliverer().wait_for_round(rounds)
        assert backlog().pending == 1
        assert [(a.outcome, a.error) for a in attempts()] == [("unknown", "drive_timeout")]

        simulator.clear_faults()
        with write_transaction():
            enqueue(car, "add_tag", {"tag": "needs_cleaning", "comment": "mud"}, "rel-1:clean")
        deliverer().wait_for_round(rounds)
        # Both delivered in that round: the retry was due at once (OUTBOX_RETRY_SECONDS 0).
        assert backlog().pending == 0
        assert len(tags(simulator, car, "ready_for_deployment")) == 1
        assert len(tags(simulator, car, "needs_cleaning")) == 1
        db.session.remove()
        db.engine.dispose()
