"""The outbox's tests talk to the Drive simulator over real HTTP (werkzeug, loopback).

The simulator serves the same state file as the app's ``simulator`` fixture, so tests switch
its faults and read its tags there. The breaker is lenient: these tests fail Drive on purpose
many times and then expect the next round to reach it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.database import write_transaction
from app.drive import Simulator
from app.drive.simulator import SimulatorApp
from app.extensions import db
from app.models import OutboxAttempt, OutboxEntry
from app.outbox import enqueue


@pytest.fixture
def drive_url(app_config) -> Iterator[str]:
    """The simulator on a loopback port, over the app's simulator state file."""
    simulator = Simulator(app_config["DRIVE_SIMULATOR_PATH"])
    server = make_server("127.0.0.1", 0, SimulatorApp(simulator), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app_config(app_config, drive_url) -> dict:
    """The app calls the simulator over HTTP; failed writes are due again at once."""
    app_config.update(
        DRIVE_URL=drive_url,
        DRIVE_BREAKER_FAILURES=1000,
        OUTBOX_RETRY_SECONDS=0,
        OUTBOX_RETRY_MAX_SECONDS=0,
    )
    return app_config


def release(vehicle_id: str, key: str, tag_ids: list[str], comment: str = "repair r-1") -> None:
    """What a release enqueues: its complaints' tags removed, the ready tag added."""
    with write_transaction():
        for tag_id in tag_ids:
            enqueue(vehicle_id, "remove_tag", {"tag_id": tag_id}, f"{key}:remove:{tag_id}")
        enqueue(
            vehicle_id,
            "add_tag",
            {"tag": "ready_for_deployment", "comment": comment},
            f"{key}:ready",
        )


def entries() -> list[OutboxEntry]:
    db.session.commit()  # a new snapshot: see what other threads and processes committed
    found = list(db.session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))
    db.session.commit()
    return found


def attempts() -> list[OutboxAttempt]:
    db.session.commit()
    found = list(db.session.scalars(select(OutboxAttempt).order_by(OutboxAttempt.id)))
    db.session.commit()
    return found


def tags(simulator: Simulator, vehicle_id: str, name: str) -> list[dict]:
    return [t for t in simulator.current_tags(vehicle_id) if t["tag"] == name]
