"""Audit entries a killed worker left `pending`: settled as `unknown`, never shown pending for good.

A worker killed while Drive has its command cannot settle the entry it wrote first. Once no live
sender can still be waiting (the command timeout plus CONTROL_PENDING_MARGIN_SECONDS), any
worker settles it, and nobody reads it as pending past that. The killed worker is simulated by
writing the pending row it would have left behind; tests/load/test_crash.py kills a real one.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.clock import utcnow
from app.extensions import db
from app.models import ControlCommand
from tests.support.fake_drive import Trickle, start_fake_drive, stop_fake_drive
from tests.support.http import ApiClient

pytestmark = pytest.mark.usefixtures("workshop")

COMMAND_TIMEOUT, MARGIN = 0.5, 1.0  # conftest's DRIVE_COMMAND_TIMEOUT, and a short margin
LIMIT = COMMAND_TIMEOUT + MARGIN
CONTROL = "/api/scooter/control"


@pytest.fixture
def app_config(app_config):
    return app_config | {
        "DRIVE_COMMAND_TIMEOUT": COMMAND_TIMEOUT,
        "CONTROL_PENDING_MARGIN_SECONDS": MARGIN,
    }


def left_pending(seconds_ago: float, performer_id: str = "rep-2", vehicle_id: str = "veh-x"):
    """The row a worker writes before calling Drive, as it stays if the worker is killed."""
    row = ControlCommand(
        performer_id=performer_id,
        vehicle_id=vehicle_id,
        action="open_lock",
        requested_at=utcnow() - timedelta(seconds=seconds_ago),
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def stored(audit_id: int) -> ControlCommand:
    db.session.expire_all()
    return db.session.get(ControlCommand, audit_id)


def listed(api) -> dict[int, dict]:
    entries = api.get("/api/audit/control").get_json()["entries"]
    return {entry["audit_id"]: entry for entry in entries}


def test_an_entry_a_killed_worker_left_pending_is_read_as_unknown(api):
    abandoned = left_pending(LIMIT + 30)
    in_flight = left_pending(0)  # a command Drive has right now: not touched

    entries = listed(api)

    assert entries[abandoned]["outcome"] == "unknown"
    assert entries[abandoned]["error"] == "abandoned"
    assert entries[abandoned]["finished_at"] is not None
    assert (entries[in_flight]["outcome"], entries[in_flight]["finished_at"]) == ("pending", None)
    row = stored(abandoned)  # settled for good, not only shown so
    assert (row.outcome, row.error) == ("unknown", "abandoned") and row.finished_at is not None
    assert stored(in_flight).outcome == "pending"


def test_sending_any_command_settles_abandoned_entries(api):
    abandoned = left_pending(LIMIT + 30)
    api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})
    api.start_repair()

    sent = api.post(
        CONTROL,
        {"vehicle_id": api.vehicle(1), "action": "headlight_on", "performer_id": "rep-1"},
    )

    assert sent.status_code == 200
    assert (stored(abandoned).outcome, stored(abandoned).error) == ("unknown", "abandoned")


def test_the_command_line_settles_abandoned_entries(runner):
    abandoned = left_pending(LIMIT + 30)
    in_flight = left_pending(0)

    first = runner.invoke(args=["control", "settle-abandoned"])
    again = runner.invoke(args=["control", "settle-abandoned"])

    assert first.exit_code == 0 and "1 " in first.output, first.output
    assert again.exit_code == 0 and "0 " in again.output, again.output
    assert stored(abandoned).outcome == "unknown" and stored(in_flight).outcome == "pending"


@pytest.fixture
def trickling_drive(app):
    """A Drive that answers commands a byte at a time, slower than the settling limit."""
    drive = start_fake_drive()
    answer = {"status": "ok", "result": {"lock_open": True}}
    drive.always(Trickle(200, answer, interval=0.1, headers_first=True))
    yield drive
    stop_fake_drive(drive)


def test_a_sender_that_outlives_the_limit_still_records_drives_answer(app, api, trickling_drive):
    api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})
    api.start_repair()
    app.extensions["drive"].base_url = trickling_drive.url  # from now on Drive trickles
    # This sender waits longer than the others settle by (as a host with a longer
    # DRIVE_COMMAND_TIMEOUT would): its late answer must still be recorded.
    app.extensions["drive"].command_timeout = 30.0
    body = {"vehicle_id": api.vehicle(1), "action": "open_lock", "performer_id": "rep-1"}
    sender = ApiClient(FlaskClient(app), "", [])  # another request, on its own thread
    sender.headers = api.headers
    answers = []
    thread = threading.Thread(target=lambda: answers.append(sender.post(CONTROL, body)))
    thread.start()
    while trickling_drive.count("POST") == 0 and thread.is_alive():
        time.sleep(0.05)
    time.sleep(LIMIT + 0.5)  # Drive is still trickling its answer in

    [meanwhile] = listed(api).values()
    thread.join(timeout=60)

    assert (meanwhile["outcome"], meanwhile["error"]) == ("unknown", "abandoned")
    [answer] = answers
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["outcome"] == "ok"
    row = stored(meanwhile["audit_id"])
    assert (row.outcome, row.error, row.result) == ("ok", None, {"lock_open": True})
