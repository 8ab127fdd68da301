"""`python -m bench generate`: a consistent generated history, of the size asked for."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select, text, update

from app.extensions import db
from app.manager.periods import Period
from app.manager.stats.downtime import true_downtime
from app.manager.stats.scope import Scope
from app.mileage import km_since_same_job_update
from app.models import (
    Complaint,
    ControlCommand,
    Job,
    Place,
    Repair,
    Shift,
    StageEvent,
    User,
    Vehicle,
)
from bench import calendar
from bench.cli import main
from bench.loaders import SQLiteLoader
from bench.presets import PRESETS
from tests.support.database import on_postgres
from tests.support.invariants import violations

SCALE = 0.01
EXTRA_CHECKS = {
    "mileage going down for a scooter": """
        SELECT count(*) FROM (
            SELECT mileage_km_at_start AS km, LAG(mileage_km_at_start) OVER (
                PARTITION BY vehicle_id ORDER BY started_at) AS before
            FROM repairs WHERE mileage_km_at_start IS NOT NULL) AS t
        WHERE km < before""",
    "a scooter in two repairs at once": """
        SELECT count(*) FROM (
            SELECT started_at, LAG(finished_at) OVER (
                PARTITION BY vehicle_id ORDER BY started_at) AS previous_end
            FROM repairs) AS t
        WHERE started_at < previous_end""",
    "a command outside its repair": """
        SELECT count(*) FROM control_commands c JOIN repairs r ON r.repair_id = c.repair_id
        WHERE c.requested_at < r.started_at OR c.requested_at > r.finished_at""",
    "a repair of an unknown scooter": """
        SELECT count(*) FROM repairs r
        WHERE NOT EXISTS (SELECT 1 FROM vehicles v WHERE v.vehicle_id = r.vehicle_id)""",
    "a repair outside its performer's shift day": """
        SELECT count(*) FROM repairs r WHERE NOT EXISTS (
            SELECT 1 FROM shifts s WHERE s.performer_id = r.performer_id
            AND s.place_id = r.place_id AND s.started_at <= r.started_at)""",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _generate(database_url: str, *extra: str, preset: str = "small") -> int:
    """Run the generator on the test database, confirmed; its exit status."""
    db.session.remove()  # the generator works through connections of its own
    args = ["generate", "--database-url", database_url, "--preset", preset]
    return main([*args, "--scale", str(SCALE), "--yes-empty-database", *extra])


def test_the_small_preset_scaled_down_is_consistent_and_of_the_right_size(database_url, app):
    assert _generate(database_url) == 0

    preset = PRESETS["small"].scaled(SCALE)
    assert _count(Repair) == preset.repairs == 200
    assert _count(Job) == preset.jobs == 1000
    assert _count(Vehicle) == preset.scooters
    assert _count(Place) == preset.warehouses
    repairers = select(func.count()).where(User.role == "repairer")
    assert db.session.scalar(repairers) == preset.repairers
    assert _count(Shift) > 0 and _count(ControlCommand) > 0
    assert violations() == {}
    found = {name: db.session.execute(text(sql)).scalar() for name, sql in EXTRA_CHECKS.items()}
    assert {name: n for name, n in found.items() if n} == {}
    by_status = select(Repair.status, func.count()).group_by(Repair.status)
    statuses = dict(db.session.execute(by_status).all())
    assert "performing" not in statuses
    assert statuses["completed"] > 0.8 * preset.repairs
    assert db.session.scalar(select(User).where(User.role == "manager")).check_pin("2468")


def test_generated_jobs_carry_the_km_since_the_same_job_type(database_url, app):
    assert _generate(database_url) == 0

    stored = dict(db.session.execute(select(Job.id, Job.km_since_same_type)).all())
    db.session.execute(update(Job).values(km_since_same_type=None))
    db.session.execute(km_since_same_job_update())
    recomputed = dict(db.session.execute(select(Job.id, Job.km_since_same_type)).all())
    db.session.rollback()

    assert stored == recomputed
    assert sum(km is not None for km in stored.values()) > 10


def test_ids_continue_after_the_generated_rows(database_url, app):
    assert _generate(database_url) == 0
    repair = db.session.scalar(select(Repair).limit(1))
    job = Job(job_id="after-generate", repair_pk=repair.id, type="grips", status="completed")
    job.finished_at = job.started_at = repair.started_at
    db.session.add(job)
    db.session.commit()
    assert job.id == 1001


@pytest.mark.skipif(not on_postgres(), reason="indexes are set aside only on PostgreSQL")
def test_indexes_and_constraints_are_rebuilt_after_the_load(database_url, app):
    catalog = text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
        "UNION ALL SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
    )
    before = sorted(db.session.scalars(catalog))
    db.session.commit()

    assert _generate(database_url) == 0

    assert sorted(db.session.scalars(catalog)) == before


@pytest.mark.skipif(on_postgres(), reason="the large preset is refused on SQLite only")
def test_the_large_preset_needs_postgresql(database_url, app, capsys):
    assert _generate(database_url, preset="large") != 0

    assert "PostgreSQL" in capsys.readouterr().err
    assert _count(Repair) == 0


@pytest.mark.parametrize("repairs, jobs", [(200, 1000), (7, 7), (1000, 2345)])
def test_jobs_per_repair_sum_exactly(repairs, jobs):
    counts = calendar.jobs_per_repair(repairs, jobs, random.Random(3))

    assert sum(counts) == jobs and min(counts) >= 1


def test_repairs_spread_over_shifts_sum_exactly():
    counts = calendar.spread(1000, 300, random.Random(3))

    assert sum(counts) == 1000 and max(counts) <= 7


def test_sqlite_batches_keep_every_row_after_the_rows_it_refers_to(database_url, app, monkeypatch):
    monkeypatch.setattr(SQLiteLoader, "BATCH", 7)  # a flush in the middle of every repair

    assert _generate(database_url) == 0

    assert _count(Job) == 1000 and violations() == {}


def test_generated_ways_are_consistent_and_feed_the_downtime_statistics(database_url, app):
    assert _generate(database_url) == 0

    assert violations() == {}  # tests/support/invariants.py checks complaints and releases too
    stages = set(db.session.scalars(select(StageEvent.stage).distinct()))
    assert {"picked_up", "arrived", "released", "back_on_street"} <= stages
    assert len(set(db.session.scalars(select(Complaint.source).distinct()))) >= 4
    resolved = select(func.count()).where(Complaint.status == "resolved")
    assert db.session.scalar(resolved) > 0.5 * _count(Complaint)
    scope = Scope(Period.ending_today(365))
    way = true_downtime(scope)
    assert way.overall.ways > 20 and way.overall.total.p50 > 0
    # New rows get ids after the generated ones (sequences moved on, on PostgreSQL).
    event = StageEvent(event_id="after-generate", vehicle_id="v", stage="picked_up")
    db.session.add(event)
    db.session.commit()
    assert event.id == _count(StageEvent)
