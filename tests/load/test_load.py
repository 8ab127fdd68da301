"""Many repairers doing whole repairs at once: no 5xx, and every invariant holds afterwards."""

from __future__ import annotations

import statistics

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ControlCommand, Repair
from tests.load.conftest import REPAIRERS, SECONDS
from tests.support.invariants import violations
from tests.support.load import run_repairers

pytestmark = pytest.mark.slow


def test_a_crowd_of_repairers_for_a_minute(server, crowd, vehicle_ids, capsys):
    performers, token = crowd

    result = run_repairers(server, token, performers, "wh-1", vehicle_ids, SECONDS)

    total = sum(result.statuses.values())
    quantiles = statistics.quantiles(result.latencies, n=100)
    with capsys.disabled():
        print(
            f"\nload: {REPAIRERS} repairers, {SECONDS:.0f} s, {total} requests "
            f"({total / SECONDS:.0f}/s), {result.repairs_finished} repairs finished, "
            f"p50 {quantiles[49] * 1000:.0f} ms, p99 {quantiles[98] * 1000:.0f} ms, "
            f"statuses {dict(result.statuses)}"
        )
    assert result.server_errors == 0, result.statuses
    assert result.transport_errors == 0
    # Work got done (how much depends on the machine: throughput is measured by the
    # benchmark, not asserted here), and every repair a tablet started was finished.
    assert result.repairs_finished > 0
    assert violations() == {}
    db.session.commit()
    audited = db.session.scalar(select(func.count()).select_from(ControlCommand))
    pending = db.session.scalar(
        select(func.count()).select_from(ControlCommand).where(ControlCommand.outcome == "pending")
    )
    assert audited == result.commands_answered and pending == 0
    assert (
        db.session.scalar(
            select(func.count()).select_from(Repair).where(Repair.status == "performing")
        )
        == 0
    )
