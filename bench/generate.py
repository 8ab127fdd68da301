"""Fill a database with a generated history: checks, the order of the work, timings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from app.clock import utcnow
from app.extensions import db
from app.mileage import km_since_same_job_update
from bench import pg_schema
from bench.guard import check_target
from bench.history import History, Out
from bench.loaders import TABLES, PostgresLoader, SQLiteLoader
from bench.presets import Preset
from bench.ways import generate_ways
from bench.world import World, build_world

HISTORY_TABLES = ["shifts", "repairs", "jobs", "control_commands"]
DEFAULT_PIN = "2468"


@dataclass
class Result:
    """Row counts and the seconds each phase took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def empty_tables() -> str:
    """Delete everything the generator makes (bench/guard.py said it may); the dialect."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(TABLES):
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()
    db.session.close()  # no lock of ours may stand in the way of the loader's DDL
    return dialect


def generate(
    preset: Preset,
    seed: int = 1,
    confirmed: bool = False,
    drop_indexes: bool = True,
    pin: str = DEFAULT_PIN,
    echo: Callable[[str], None] = print,
) -> Result:
    """Replace everything in the app's database with a generated `preset`, if bench/guard.py
    allows (`confirmed`: the user said the database may be emptied); every user's PIN is `pin`.
    """
    check_target(preset, confirmed)
    dialect = empty_tables()
    echo(
        f"Generating {preset.name}: {preset.scooters:,} scooters, {preset.warehouses:,} "
        f"warehouses, {preset.repairers:,} repairers, {preset.repairs:,} repairs, "
        f"{preset.jobs:,} jobs over {preset.days} days (seed {seed})"
    )
    result, clock = Result(), time.perf_counter()
    rng, now = random.Random(seed), utcnow()
    world = build_world(preset, rng)
    pin_hash = generate_password_hash(pin, current_app.config["PIN_HASH_METHOD"])
    postgres = dialect == "postgresql"
    loader = PostgresLoader(db.engine) if postgres else SQLiteLoader(db.engine)
    aside = (
        pg_schema.set_aside(db.engine, TABLES, drop_indexes, echo) if postgres else nullcontext()
    )
    with aside:
        with loader.streams(["places", "users", "vehicles"]) as write:
            _people_and_fleet(world, write, loader.time(now.timestamp()), pin_hash)
        history = History(preset, world, rng, now)
        started = time.perf_counter()

        def progress(repairs: int) -> None:
            elapsed = time.perf_counter() - started
            echo(f"  {repairs:>10,} / {preset.repairs:,} repairs, {elapsed:6.1f} s")

        with loader.streams(HISTORY_TABLES) as write:
            counts = history.run(Out(**_short(write), time=loader.time), progress)
        result.seconds["rows"] = time.perf_counter() - clock
        started = time.perf_counter()
        with db.engine.begin() as connection:  # what the app keeps on each completed job
            connection.execute(km_since_same_job_update())
        result.seconds["km_since_same_type"] = time.perf_counter() - started
        echo(
            f"  km between same-type repairs filled in {result.seconds['km_since_same_type']:.1f} s"
        )
        started = time.perf_counter()  # keys are set aside: the tables load side by side
        counts |= generate_ways(loader, rng, now)  # complaints and stages around the repairs
        result.seconds["ways"] = time.perf_counter() - started
        echo(f"  complaints and stage events written in {result.seconds['ways']:.1f} s")
        echo(f"  rows written in {result.seconds['rows']:.1f} s; building indexes")
    if postgres:
        pg_schema.reset_sequences(db.engine, HISTORY_TABLES + ["complaints", "stage_events"])
    result.seconds["total"] = time.perf_counter() - clock
    result.counts = {
        "places": len(world.places),
        "repairers": len(world.repairers),
        "managers": len(world.managers),
        "vehicles": len(world.vehicles),
        **counts,
    }
    return result


def _short(write: dict) -> dict:
    return {
        "shifts": write["shifts"],
        "repairs": write["repairs"],
        "jobs": write["jobs"],
        "commands": write["control_commands"],
    }


def _people_and_fleet(world: World, write: dict, now, pin_hash: str) -> None:
    for place_id, name, zone in world.places:
        write["places"]((place_id, name, zone, True, now))
    for performer_id, name, _place in world.repairers:
        write["users"]((performer_id, name, "repairer", pin_hash, True, now))
    for performer_id, name in world.managers:
        write["users"]((performer_id, name, "manager", pin_hash, True, now))
    for vehicle_id, number, model, mileage in world.vehicles:
        write["vehicles"]((vehicle_id, number, model, mileage, now))
