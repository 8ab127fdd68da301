"""send_command: who may command which scooter, the audit entry of every attempt, and the
outcome of each way Drive can fail (the simulator's faults). Commands are never retried."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.control.services import CommandDenied, CommandFailed, send_command
from app.drive.client import CONTROL_PATH
from app.errors import Unprocessable
from app.extensions import db
from app.models import Shift
from app.repairs.services import finish_repair
from app.shifts.services import open_shift
from tests import factories
from tests.control.conftest import audit_rows, in_repair


def test_a_command_runs_and_its_audit_entry_says_ok(scooter, simulator):
    before = utcnow()

    entry = send_command("rep-1", scooter, "open_lock", channel="tablet")

    assert simulator.state(scooter).lock_open is True
    [row] = audit_rows()
    assert row.id == entry.id
    assert (row.performer_id, row.vehicle_id, row.action, row.channel, row.repair_id) == (
        "rep-1",
        scooter,
        "open_lock",
        "tablet",
        "r-1",
    )
    assert (row.outcome, row.error) == ("ok", None)
    assert before <= row.requested_at <= row.finished_at <= utcnow()


def test_a_self_test_keeps_the_faults_drive_found(on_shift, simulator):
    faulty = next(s for s in simulator.scooters() if s.findings and not s.offline)
    in_repair(faulty.vehicle_id)

    send_command("rep-1", faulty.vehicle_id, "self_test")

    [row] = audit_rows()
    assert row.outcome == "ok" and row.result["passed"] is False
    assert {e["code"] for e in row.result["errors"]} == {f.code for f in faulty.findings}


@pytest.mark.parametrize(
    "performer_id,action,code",
    [("rep-1", "self_destruct", "unknown_action"), ("stranger", "open_lock", "unknown_performer")],
)
def test_bad_input_is_refused_before_anything_is_written_or_sent(
    scooter, simulator, performer_id, action, code
):
    with pytest.raises(Unprocessable) as refused:
        send_command(performer_id, scooter, action)

    assert refused.value.code == code
    assert audit_rows() == [] and simulator.commands() == []


def test_a_performer_off_shift_is_denied_and_the_denial_is_audited(scooter, simulator, vehicle_ids):
    factories.make_user("rep-3", "Сидор Сидоров")
    in_repair(vehicle_ids[1], "rep-3")  # in repair, never on shift

    with pytest.raises(CommandDenied) as refused:
        send_command("rep-3", vehicle_ids[1], "open_lock")

    assert (refused.value.status, refused.value.code) == (403, "not_on_shift")
    [row] = audit_rows()
    assert (row.id, row.outcome, row.error) == (refused.value.audit.id, "denied", "not_on_shift")
    assert (row.repair_id, row.finished_at is not None) == ("r-rep-3-" + vehicle_ids[1], True)
    assert simulator.commands() == []


def test_a_shift_older_than_the_limit_no_longer_allows_commands(app, scooter, simulator):
    shift = open_shift("rep-1")
    db.session.get(Shift, shift.id).started_at = utcnow() - timedelta(
        hours=app.config["SHIFT_MAX_HOURS"], minutes=1
    )
    db.session.commit()

    with pytest.raises(CommandDenied) as refused:
        send_command("rep-1", scooter, "open_lock")

    assert refused.value.code == "not_on_shift"
    assert simulator.commands() == []


def test_without_the_shift_rule_a_performer_off_shift_may_command(app, workshop, vehicle_ids):
    app.config["CONTROL_REQUIRE_SHIFT"] = False
    in_repair(vehicle_ids[0])

    assert send_command("rep-1", vehicle_ids[0], "headlight_on").outcome == "ok"


@pytest.mark.parametrize("repair", ["none", "another scooter", "another performer's", "ended"])
def test_only_the_scooter_of_the_performers_own_repair_in_progress_is_commanded(
    on_shift, vehicle_ids, simulator, repair
):
    target = vehicle_ids[0]
    if repair == "another scooter":
        in_repair(vehicle_ids[1])
    elif repair == "another performer's":
        in_repair(target, "rep-2")
    elif repair == "ended":
        finish_repair(in_repair(target), "cancelled")

    with pytest.raises(CommandDenied) as refused:
        send_command("rep-1", target, "unblock_wheel")

    assert refused.value.code == "not_in_repair"
    [row] = audit_rows()
    assert (row.outcome, row.error, row.repair_id) == ("denied", "not_in_repair", None)
    assert simulator.commands() == []


@pytest.mark.parametrize(
    "mode,status,code,outcome,received",
    [
        ("down", 503, "drive_unavailable", "failed", 0),
        ("timeout", 504, "drive_timeout", "unknown", 1),
        ("error500", 502, "drive_error", "failed", 1),
        ("garbage", 502, "drive_error", "unknown", 1),
        ("reset", 502, "drive_error", "unknown", 1),
    ],
)
def test_each_drive_failure_settles_the_entry_with_its_outcome_and_is_never_retried(
    scooter, simulator, mode, status, code, outcome, received
):
    simulator.set_faults(mode)

    with pytest.raises(CommandFailed) as failed:
        send_command("rep-1", scooter, "block_wheel")

    assert (failed.value.status, failed.value.code) == (status, code)
    assert failed.value.extra["outcome"] == outcome
    [row] = audit_rows()
    assert (row.id, row.outcome, row.error) == (failed.value.audit.id, outcome, code)
    assert row.finished_at is not None
    assert simulator.request_count("POST", CONTROL_PATH) == received


def test_drive_refusing_a_command_is_failed_with_drives_reason(on_shift, simulator):
    offline = next(s for s in simulator.scooters() if s.offline)
    in_repair(offline.vehicle_id)

    with pytest.raises(CommandFailed) as failed:
        send_command("rep-1", offline.vehicle_id, "open_lock")

    assert (failed.value.status, failed.value.code) == (502, "drive_error")
    [row] = audit_rows()
    assert row.outcome == "failed" and "car_offline" in row.detail


def test_a_scooter_drive_does_not_know_is_failed_unknown_vehicle(on_shift, simulator):
    simulator.set_faults("down")  # the repair starts while Drive cannot say it does not exist
    in_repair("no-such-scooter")
    simulator.clear_faults()

    with pytest.raises(CommandFailed) as failed:
        send_command("rep-1", "no-such-scooter", "open_lock")

    assert (failed.value.status, failed.value.code) == (422, "unknown_vehicle")
    assert [(r.outcome, r.error) for r in audit_rows()] == [("failed", "unknown_vehicle")]
