"""`flask data migrate`: 0004's backfill in batches outside the schema migration, with
progress, resumable where it stopped, and the same numbers as the rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import DataMigration, Job, JobType, Repair, Status

pytestmark = pytest.mark.usefixtures("workshop")

VEHICLES, REPAIRS_EACH, BATCH = 240, 3, 40
NAME = "0004_km_since_same_type"


@pytest.fixture
def fleet_history(app) -> list[str]:
    """VEHICLES scooters with REPAIRS_EACH completed repairs each, 100 km apart, two jobs each;
    no km_since_same_type yet (as after `flask db upgrade` on an old database)."""
    types = db.session.scalars(select(JobType.code).order_by(JobType.code)).all()[:2]
    now = utcnow()
    vehicles = [f"veh-{n:04d}" for n in range(VEHICLES)]
    repairs = [
        Repair(
            repair_id=f"r-{v}-{k}",
            performer_id="rep-1",
            vehicle_id=v,
            place_id="wh-1",
            status=Status.COMPLETED,
            started_at=now - timedelta(days=10 - k),
            finished_at=now - timedelta(days=10 - k, hours=-1),
            mileage_km_at_start=1000.0 + 100 * k,
        )
        for v in vehicles
        for k in range(REPAIRS_EACH)
    ]
    db.session.add_all(repairs)
    db.session.flush()
    db.session.add_all(
        Job(
            job_id=f"j-{r.repair_id}-{t}",
            repair_pk=r.id,
            type=t,
            status=Status.COMPLETED,
            started_at=r.started_at,
            finished_at=r.started_at,
        )
        for r in repairs
        for t in types
    )
    db.session.commit()
    return vehicles


def km_by_vehicle() -> dict[str, list[float | None]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Repair.vehicle_id, Job.km_since_same_type)
        .join(Job, Job.repair_pk == Repair.id)
        .order_by(Repair.vehicle_id, Repair.started_at, Job.type)
    ).all()
    found: dict[str, list[float | None]] = {}
    for vehicle, km in rows:
        found.setdefault(vehicle, []).append(km)
    return found


def test_the_backfill_runs_in_batches_stops_and_resumes_where_it_stopped(runner, fleet_history):
    first = runner.invoke(
        args=["data", "migrate", "--batch-size", str(BATCH), "--max-batches", "2"]
    )
    state = db.session.get(DataMigration, NAME, populate_existing=True)
    halfway = km_by_vehicle()

    assert first.exit_code == 0, first.output
    assert "batch 1 done" in first.output and "batch 2 done" in first.output
    assert "stopped after the batches asked for" in first.output
    assert (state.batches, state.position, state.finished_at) == (2, fleet_history[79], None)
    done, untouched = fleet_history[: 2 * BATCH], fleet_history[2 * BATCH :]
    assert all(halfway[v] == [None, None, 100.0, 100.0, 100.0, 100.0] for v in done)
    assert all(halfway[v] == [None] * 6 for v in untouched)

    rest = runner.invoke(args=["data", "migrate", "--batch-size", str(BATCH)])
    state = db.session.get(DataMigration, NAME, populate_existing=True)

    assert rest.exit_code == 0, rest.output
    assert "batch 3 done" in rest.output and "batch 1 done" not in rest.output  # resumed
    assert f"{NAME}: finished" in rest.output
    assert state.batches == VEHICLES // BATCH and state.finished_at is not None
    assert state.rows == VEHICLES * (REPAIRS_EACH - 1) * 2
    assert all(kms == [None, None, 100.0, 100.0, 100.0, 100.0] for kms in km_by_vehicle().values())


def test_a_finished_migration_is_not_run_again_and_status_says_so(runner, fleet_history):
    runner.invoke(args=["data", "migrate", "--batch-size", "500"])
    again = runner.invoke(args=["data", "migrate"])
    status = runner.invoke(args=["data", "status"])

    assert "done," not in again.output  # no batch ran
    assert f"{NAME}: finished ({VEHICLES * (REPAIRS_EACH - 1) * 2} rows in 1 batches)" in (
        again.output
    )
    assert status.output.strip().startswith(f"{NAME}: finished")
