"""Delivering the outbox to the Drive simulator over HTTP: once, whatever fails on the way."""

from __future__ import annotations

import pytest

from app.database import write_transaction
from app.extensions import db
from app.models import OutboxEntry
from app.outbox import backlog, deliver_due, enqueue
from tests.outbox.conftest import attempts, entries, release, tags


@pytest.fixture
def car(simulator) -> str:
    return simulator.scooter(number="0421").vehicle_id


def test_a_release_reaches_drive_and_is_audited(app, simulator, car):
    complaint = tags(simulator, car, "broken")[0]
    release(car, "rel-1", [complaint["tag_id"]])

    report = deliver_due()

    assert (report.delivered, report.retrying, report.rejected) == (2, 0, 0)
    assert complaint["tag_id"] not in [t["tag_id"] for t in simulator.current_tags(car)]
    ready = tags(simulator, car, "ready_for_deployment")
    assert [t["comment"] for t in ready] == ["repair r-1"]
    assert [e.status for e in entries()] == ["delivered", "delivered"]
    assert [(a.outcome, a.error) for a in attempts()] == [("ok", None), ("ok", None)]
    assert attempts()[0].detail == "removed"
    assert backlog().pending == 0
    assert deliver_due().claimed == 0  # nothing is sent twice


@pytest.mark.parametrize("mode", ["down", "error500", "reset", "garbage", "trickle"])
def test_writes_wait_while_drive_fails_and_reach_it_once_when_back(app, simulator, car, mode):
    complaint = tags(simulator, car, "broken")[0]
    release(car, "rel-1", [complaint["tag_id"]])
    simulator.set_faults(mode, scope="commands")

    for _ in range(2):
        report = deliver_due()
        assert (report.delivered, report.retrying) == (0, 2)
    assert [e.status for e in entries()] == ["pending", "pending"]
    assert backlog().pending == 2
    assert {a.outcome for a in attempts()} <= {"failed", "unknown"}
    assert tags(simulator, car, "ready_for_deployment") == [] or mode in (
        "reset",
        "garbage",
        "trickle",
    )

    simulator.clear_faults()
    assert deliver_due().delivered == 2

    assert [e.status for e in entries()] == ["delivered", "delivered"]
    assert len(tags(simulator, car, "ready_for_deployment")) == 1
    assert complaint["tag_id"] not in [t["tag_id"] for t in simulator.current_tags(car)]
    applied = [(w.op, w.applied) for w in simulator.tag_writes(car)]
    assert applied.count(("add", True)) == 1 and applied.count(("remove", True)) == 1
    assert backlog().pending == 0


def test_a_write_whose_confirmation_was_lost_is_retried_and_applied_once(app, simulator, car):
    release(car, "rel-1", [])
    simulator.set_faults("slow", latency=1.5, scope="commands")  # over the 0.5 s deadline

    assert deliver_due().retrying == 1
    assert [(a.outcome, a.error) for a in attempts()] == [("unknown", "drive_timeout")]
    # Drive did apply it: the answer was what got lost.
    assert len(tags(simulator, car, "ready_for_deployment")) == 1

    simulator.clear_faults()
    assert deliver_due().delivered == 1

    assert len(tags(simulator, car, "ready_for_deployment")) == 1
    assert [w.applied for w in simulator.tag_writes(car)] == [True]
    assert entries()[0].attempts == 2


def test_a_tag_gone_already_is_a_delivered_removal(app, simulator, car):
    complaint = tags(simulator, car, "broken")[0]
    release(car, "rel-1", [complaint["tag_id"]])
    release(car, "rel-2", [complaint["tag_id"]])  # a second release of the same complaint

    assert deliver_due().delivered == 4

    removals = [a.detail for a in attempts() if a.detail in ("removed", "was not there")]
    assert sorted(removals) == ["removed", "was not there"]


def test_bad_payloads_are_rejected_and_never_stop_the_others(app, simulator, car):
    with write_transaction():
        enqueue(car, "remove_tag", {"tag": "no id"}, "bad-1")
        enqueue(car, "paint_it_red", {"colour": "red"}, "bad-2")
        enqueue(car, "add_tag", {"tag": "ready_for_deployment", "comment": 7}, "bad-3")
        enqueue(car, "add_tag", ["not", "an", "object"], "bad-4")
        enqueue("no-such-car", "add_tag", {"tag": "ready_for_deployment"}, "bad-5")
        enqueue(car, "add_tag", {"tag": "ready_for_deployment", "comment": "ok"}, "good")

    report = deliver_due()

    assert (report.delivered, report.rejected, report.retrying) == (1, 5, 0)
    status = {e.key: (e.status, e.last_error) for e in entries()}
    assert status["good"] == ("delivered", None)
    assert status["bad-1"] == ("rejected", "bad_payload")
    assert status["bad-2"] == ("rejected", "bad_payload")
    assert status["bad-5"] == ("rejected", "unknown_vehicle")
    assert [t["comment"] for t in tags(simulator, car, "ready_for_deployment")] == ["ok"]
    assert backlog().rejected == 5 and backlog().pending == 0
    assert deliver_due().claimed == 0  # rejected rows are not retried


def test_a_row_leased_by_a_dead_worker_is_taken_over_once_its_lease_runs_out(app, simulator, car):
    from datetime import timedelta

    from app.clock import utcnow

    release(car, "rel-1", [])
    with write_transaction():
        entry = db.session.query(OutboxEntry).one()
        entry.claimed_by, entry.claimed_until = "dead-host:1:1", utcnow() + timedelta(hours=1)
    assert deliver_due().claimed == 0  # the lease holds

    with write_transaction():
        db.session.query(OutboxEntry).one().claimed_until = utcnow() - timedelta(seconds=1)
    assert deliver_due().delivered == 1
    assert len(tags(simulator, car, "ready_for_deployment")) == 1


def test_the_retry_wait_doubles_up_to_its_cap(app):
    from app.outbox.delivery import retry_delay

    app.config.update(OUTBOX_RETRY_SECONDS=5, OUTBOX_RETRY_MAX_SECONDS=600)
    assert [retry_delay(n) for n in (1, 2, 3, 4, 8, 200)] == [5, 10, 20, 40, 600, 600]


def test_a_failed_write_is_not_retried_before_its_wait(app, simulator, car):
    app.config.update(OUTBOX_RETRY_SECONDS=3600, OUTBOX_RETRY_MAX_SECONDS=3600)
    release(car, "rel-1", [])
    simulator.set_faults("error500", scope="commands")
    assert deliver_due().retrying == 1
    simulator.clear_faults()

    assert deliver_due().claimed == 0
    assert entries()[0].status == "pending" and backlog().pending == 1


def test_a_bug_while_delivering_one_write_leaves_it_waiting_and_the_others_go(
    app, simulator, car, monkeypatch
):
    from app.drive import get_drive

    complaint = tags(simulator, car, "broken")[0]["tag_id"]
    release(car, "rel-1", [complaint])
    client = get_drive()

    def broken_remove(*_args, **_kwargs):
        raise KeyError("a bug in our code")

    monkeypatch.setattr(client, "remove_tag", broken_remove)
    report = deliver_due()

    assert (report.delivered, report.retrying) == (1, 1)
    waiting = [e for e in entries() if e.status == "pending"]
    assert [(e.kind, e.last_error) for e in waiting] == [("remove_tag", "internal_error")]
    monkeypatch.undo()
    assert deliver_due().delivered == 1
    assert complaint not in [t["tag_id"] for t in simulator.current_tags(car)]
