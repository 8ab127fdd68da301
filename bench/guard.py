"""Which databases the generator may fill. It empties warehouses, people, scooters and the whole
repair history first, so it runs only when told so (`--yes-empty-database`), on a migrated
database that is empty or holds nothing but what the generator itself made.

The generator's rows are told apart by what a real deployment does not have: warehouse ids
`wh-0001`…, people `rep-00001`… and `mgr-001`… who all share one PIN hash (the generator
hashes the PIN once; every real user's hash has a salt of its own), and no API token but the
benchmark's (`bench-…`). One other warehouse, person or token, and it refuses, confirmed or not.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from sqlalchemy import select, text

from app.extensions import db
from app.models import ApiToken, Place, User
from bench.bench_setup import PREFIX
from bench.presets import Preset
from bench.world import GENERATED_PERFORMER_ID, GENERATED_PLACE_ID

CONFIRM = "--yes-empty-database"
EMPTIED = "warehouses, users, scooters, shifts, repairs, jobs and control commands"
SHOWN = 5  # rows named in a refusal


class GenerationRefused(Exception):
    """The database is not one the generator may fill."""


def check_target(preset: Preset, confirmed: bool) -> None:
    """Raise GenerationRefused unless `preset` may replace everything in the app's database.

    On PostgreSQL the tables checked stay locked against writes until the caller's transaction
    ends, so nothing can be added between this check and the emptying."""
    where = db.engine.url.render_as_string(hide_password=True)
    if not confirmed:
        raise GenerationRefused(
            f"generating deletes every one of the {EMPTIED} in {where} first; "
            f"add {CONFIRM} to confirm"
        )
    if not sa.inspect(db.engine).has_table("alembic_version"):
        raise GenerationRefused(
            f"{where} has no tables of the app: create them first with "
            "`DATABASE_URL=<the same URL> flask --app wsgi db upgrade`"
        )
    if preset.postgres_only and db.engine.dialect.name != "postgresql":
        raise GenerationRefused(f"the {preset.name} preset needs PostgreSQL (--database-url)")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE places, users, api_tokens IN EXCLUSIVE MODE"))
    foreign = not_generated()
    if foreign:
        more = f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
        raise GenerationRefused(
            f"{where} holds what the generator did not make ({', '.join(foreign[:SHOWN])}{more}),"
            " so it may be a real deployment's: nothing was deleted. The generator only empties"
            " a database it generated itself; give it an empty one (createdb, then db upgrade)"
        )


def not_generated() -> list[str]:
    """The warehouses, people and API tokens in the database the generator did not make."""
    foreign = [
        f"warehouse {place_id}"
        for place_id in db.session.scalars(select(Place.place_id).order_by(Place.place_id))
        if not GENERATED_PLACE_ID.fullmatch(place_id)
    ]
    people = db.session.execute(
        select(User.performer_id, User.pin_hash).order_by(User.performer_id)
    ).all()
    shared = Counter(pin_hash for _id, pin_hash in people).most_common(1)
    generated_hash = shared[0][0] if shared and shared[0][1] > 1 else None
    foreign += [
        f"user {performer_id}"
        for performer_id, pin_hash in people
        if not GENERATED_PERFORMER_ID.fullmatch(performer_id) or pin_hash != generated_hash
    ]
    tokens = select(ApiToken.name).where(ApiToken.name.not_like(f"{PREFIX}%"))
    foreign += [f"API token {name!r}" for name in db.session.scalars(tokens.order_by("name"))]
    return foreign
