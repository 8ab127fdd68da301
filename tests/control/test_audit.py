"""The audit log of commands (app.control.services.audit_entries) and the entries a killed
sender left pending (app.control.abandoned): settled `unknown` once nobody can wait for them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.control.abandoned import pending_limit, settle_abandoned
from app.control.services import audit_entries, send_command
from app.extensions import db
from app.models import ControlCommand
from app.shifts.services import start_shift
from tests.control.conftest import COMMAND_TIMEOUT, in_repair

MARGIN = 1.0


@pytest.fixture
def app_config(app_config):
    return app_config | {"CONTROL_PENDING_MARGIN_SECONDS": MARGIN}


def left_pending(seconds_ago: float) -> int:
    """The row a sender writes before calling Drive, as it stays if the sender is killed."""
    row = ControlCommand(
        performer_id="rep-2",
        vehicle_id="veh-x",
        action="open_lock",
        requested_at=utcnow() - timedelta(seconds=seconds_ago),
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def stored(audit_id: int) -> ControlCommand:
    db.session.expire_all()
    return db.session.get(ControlCommand, audit_id)


def test_a_sender_may_keep_its_entry_pending_for_the_command_timeout_plus_the_margin(app):
    assert pending_limit() == timedelta(seconds=COMMAND_TIMEOUT + MARGIN)


def test_only_entries_pending_past_the_limit_are_settled_unknown(workshop):
    abandoned = left_pending(COMMAND_TIMEOUT + MARGIN + 30)
    in_flight = left_pending(0)

    first, again = settle_abandoned(), settle_abandoned()

    assert (first, again) == (1, 0)
    row = stored(abandoned)
    assert (row.outcome, row.error) == ("unknown", "abandoned") and row.finished_at is not None
    assert (stored(in_flight).outcome, stored(in_flight).finished_at) == ("pending", None)


def test_sending_a_command_settles_the_abandoned_entries(workshop, vehicle_ids):
    abandoned = left_pending(COMMAND_TIMEOUT + MARGIN + 30)
    start_shift("rep-1", "wh-1")
    in_repair(vehicle_ids[0])

    send_command("rep-1", vehicle_ids[0], "headlight_on")

    assert stored(abandoned).outcome == "unknown"


def test_the_audit_log_lists_newest_first_filters_and_never_shows_an_abandoned_entry_pending(
    workshop, vehicle_ids
):
    abandoned = left_pending(COMMAND_TIMEOUT + MARGIN + 30)
    for performer_id in ("rep-1", "rep-2"):
        start_shift(performer_id, "wh-1")
    in_repair(vehicle_ids[0])
    in_repair(vehicle_ids[1], "rep-2")
    send_command("rep-1", vehicle_ids[0], "headlight_on")
    send_command("rep-2", vehicle_ids[1], "self_test")
    send_command("rep-1", vehicle_ids[0], "headlight_off")
    db.session.get(ControlCommand, abandoned).outcome = "pending"  # as if never swept
    db.session.commit()

    every = audit_entries()

    assert [(e.action, e.outcome) for e in every] == [
        ("headlight_off", "ok"),
        ("self_test", "ok"),
        ("headlight_on", "ok"),
        ("open_lock", "unknown"),
    ]
    assert [e.action for e in audit_entries(performer_id="rep-1")] == [
        "headlight_off",
        "headlight_on",
    ]
    assert [e.action for e in audit_entries(vehicle_id=vehicle_ids[1])] == ["self_test"]
    assert [e.action for e in audit_entries(vehicle_ids[0], "rep-1", limit=1)] == ["headlight_off"]
