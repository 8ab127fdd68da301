"""`flask outbox deliver` and `flask outbox backlog`: what an operator runs and reads."""

from __future__ import annotations

from tests.outbox.conftest import release, tags


def _said(result) -> str:
    """The command's last line: the simulator, a thread of this test process, logs its
    requests to the same captured stdout (as a separate service it would not)."""
    return result.output.strip().splitlines()[-1]


def test_deliver_says_what_it_did_and_what_still_waits(runner, simulator):
    car = simulator.scooter(number="0421").vehicle_id
    release(car, "rel-1", [tags(simulator, car, "broken")[0]["tag_id"]])
    simulator.set_faults("down")

    failed = runner.invoke(args=["outbox", "deliver"])
    backlog = runner.invoke(args=["outbox", "backlog"])
    simulator.clear_faults()
    delivered = runner.invoke(args=["outbox", "deliver", "--all-due"])

    assert failed.exit_code == 0
    assert _said(failed) == "0 delivered, 2 to retry, 0 rejected; 2 pending."
    assert backlog.output.startswith("pending 2, oldest ")
    assert _said(delivered) == "2 delivered, 0 to retry, 0 rejected; 0 pending."
    assert len(tags(simulator, car, "ready_for_deployment")) == 1
    assert runner.invoke(args=["outbox", "backlog"]).output.strip() == (
        "pending 0, oldest -, rejected 0"
    )
