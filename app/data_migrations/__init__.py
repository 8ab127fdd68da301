"""Batched data migrations: long rewrites of rows, run by `flask data migrate` after
`flask db upgrade`, never inside a schema migration.

A schema migration holds its locks until it ends: 0004's backfill of one column took 15
minutes on 10 M jobs with `jobs` locked. Here each migration rewrites a small batch at a time
(one short transaction each, the rest of the table free), records in `data_migrations` the
key it reached in the same transaction, and prints its progress; stopped anywhere, it resumes
at the next batch. Two runners at once take turns (the state row is locked per batch).

A migration is a name and one function: given the key it reached (None at first) and a batch
size, rewrite the next batch and return the new key and the rows changed, or None when there
is nothing left. Add it to MIGRATIONS, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from app.clock import utcnow
from app.database import write_transaction
from app.extensions import db
from app.models import DataMigration

# (position reached or None, batch size) -> (new position, rows changed), or None: finished.
Batch = Callable[[str | None, int], tuple[str, int] | None]


@dataclass(frozen=True)
class BatchedMigration:
    name: str
    about: str
    batch: Batch


def _migrations() -> tuple[BatchedMigration, ...]:
    from app.data_migrations import km_since_same_type

    return (km_since_same_type.MIGRATION,)


def state_of(name: str) -> DataMigration | None:
    return db.session.get(DataMigration, name, populate_existing=True)


def _step(migration: BatchedMigration, batch_size: int) -> DataMigration:
    """One batch and the state it leads to, in one transaction."""
    with write_transaction(keep_loaded=True):
        lock = select(DataMigration).where(DataMigration.name == migration.name)
        state = db.session.scalar(lock.with_for_update().execution_options(populate_existing=True))
        if state is None:
            state = DataMigration(name=migration.name, batches=0, rows=0, started_at=utcnow())
            db.session.add(state)
        if state.finished_at is None:
            done = migration.batch(state.position, batch_size)
            if done is None:
                state.finished_at = utcnow()
            else:
                state.position, state.batches = done[0], state.batches + 1
                state.rows += done[1]
    return state


def run(
    batch_size: int = 1000,
    max_batches: int | None = None,
    echo: Callable[[str], None] = print,
) -> bool:
    """Run every unfinished migration, `max_batches` batches at most (None: to the end).
    True when every migration has finished."""
    left = max_batches
    for migration in _migrations():
        state = state_of(migration.name)
        while state is None or state.finished_at is None:
            if left is not None and left <= 0:
                echo(f"{migration.name}: stopped after the batches asked for; run again to go on")
                return False
            state = _step(migration, batch_size)
            if left is not None:
                left -= 1
            if state.finished_at is None:
                echo(
                    f"{migration.name}: batch {state.batches} done, {state.rows} rows so far, "
                    f"up to {state.position}"
                )
        echo(f"{migration.name}: finished ({state.rows} rows in {state.batches} batches)")
    return True


def names() -> list[str]:
    return [m.name for m in _migrations()]


def pending() -> list[str]:
    """The names of the migrations not finished yet (for /readyz and `flask data status`)."""
    return [m.name for m in _migrations() if (s := state_of(m.name)) is None or not s.finished_at]
