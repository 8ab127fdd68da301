"""Fill a database with a generated history: checks, the order of the work, timings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from app.clock import utcnow
from app.extensions import db
from app.models import Repair, User
from app.perf import pg_schema
from app.perf.history import History, Out
from app.perf.loaders import TABLES, PostgresLoader, SQLiteLoader
from app.perf.presets import Preset
from app.perf.world import World, build_world
from app.repairs.km_between import km_since_same_type_update

HISTORY_TABLES = ["shifts", "repairs", "jobs", "control_commands"]
DEFAULT_PIN = "2468"


class GenerationRefused(Exception):
    """The database is not one the generator may fill."""


@dataclass
class Result:
    """Row counts and the seconds each phase took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def check_target(preset: Preset, force: bool) -> str:
    """The dialect, once we know the preset may be generated there."""
    dialect = db.engine.dialect.name
    if preset.postgres_only and dialect != "postgresql":
        raise GenerationRefused(f"the {preset.name} preset needs PostgreSQL (DATABASE_URL)")
    has_data = db.session.scalar(select(func.count()).select_from(Repair)) or db.session.scalar(
        select(func.count()).select_from(User)
    )
    if has_data and not force:
        raise GenerationRefused(
            "the database already has repairs or users; --force empties it first"
        )
    if force:
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
    force: bool = False,
    drop_indexes: bool = True,
    pin: str = DEFAULT_PIN,
    echo: Callable[[str], None] = print,
) -> Result:
    """Generate `preset` into the app's database; every user's PIN is `pin`."""
    dialect = check_target(preset, force)
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
            connection.execute(km_since_same_type_update())
        result.seconds["km_since_same_type"] = time.perf_counter() - started
        echo(
            f"  km between same-type repairs filled in {result.seconds['km_since_same_type']:.1f} s"
        )
        echo(f"  rows written in {result.seconds['rows']:.1f} s; building indexes")
    if postgres:
        pg_schema.reset_sequences(db.engine, HISTORY_TABLES)
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
