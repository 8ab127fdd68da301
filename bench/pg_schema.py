"""PostgreSQL around a bulk load: set indexes and constraints aside, then rebuild them.

Maintaining a B-tree on a random token (repair_id, job_id) row by row is the slowest part of
loading; building it once from sorted data afterwards is much faster, and foreign keys are
checked once by one join instead of once per row (PostgreSQL's "Populating a Database"). The
definitions are read from the catalog, so what is rebuilt is exactly what the migrations made.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import Engine

SECONDARY = """
SELECT 'c', c.conrelid::regclass::text, quote_ident(c.conname), c.contype::text,
       pg_get_constraintdef(c.oid), pg_relation_size(c.conrelid)
FROM pg_constraint c
WHERE c.conrelid = ANY(%(tables)s::regclass[]) AND c.contype IN ('f', 'u')
UNION ALL
SELECT 'i', i.indrelid::regclass::text, i.indexrelid::regclass::text, 'i',
       pg_get_indexdef(i.indexrelid), pg_relation_size(i.indrelid)
FROM pg_index i
WHERE i.indrelid = ANY(%(tables)s::regclass[]) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
"""
BUILD_SETTINGS = "SET maintenance_work_mem = '512MB'"


@dataclass(frozen=True)
class Definition:
    """A foreign key (f), unique constraint (u) or plain index (i) to drop and rebuild."""

    kind: str
    table: str
    name: str
    body: str
    table_bytes: int

    def drop(self) -> str:
        if self.kind == "i":
            return f"DROP INDEX {self.name}"
        return f"ALTER TABLE {self.table} DROP CONSTRAINT {self.name}"

    def create(self) -> str:
        if self.kind == "i":
            return self.body
        return f"ALTER TABLE {self.table} ADD CONSTRAINT {self.name} {self.body}"


def _autocommit(engine: Engine):
    raw = engine.raw_connection()
    raw.driver_connection.autocommit = True
    return raw


def secondary(engine: Engine, tables: list[str], with_indexes: bool) -> list[Definition]:
    """The foreign keys, and (with_indexes) the unique constraints and indexes, of `tables`."""
    raw = _autocommit(engine)
    try:
        rows = raw.driver_connection.execute(SECONDARY, {"tables": tables}).fetchall()
    finally:
        raw.close()
    found = [Definition(kind, table, name, body, size) for _, table, name, kind, body, size in rows]
    return [d for d in found if with_indexes or d.kind == "f"]


@contextmanager
def set_aside(
    engine: Engine, tables: list[str], with_indexes: bool, echo: Callable[[str], None]
) -> Iterator[None]:
    """Drop the secondary structures of `tables` for the block; rebuild them after, even on
    error; then VACUUM (ANALYZE). Foreign keys go last, once the unique indexes they need exist."""
    definitions = secondary(engine, tables, with_indexes)
    raw = _autocommit(engine)
    try:
        for definition in sorted(definitions, key=lambda d: d.kind != "f"):
            raw.driver_connection.execute(definition.drop())
    finally:
        raw.close()
    try:
        yield
    finally:
        rebuild(engine, definitions, echo)
    started = time.perf_counter()
    raw = _autocommit(engine)
    try:
        # VACUUM too, not just ANALYZE: it sets the visibility map (index-only scans) and the
        # hint bits, as autovacuum would have long done on a database this old.
        raw.driver_connection.execute("VACUUM (ANALYZE) " + ", ".join(tables))
    finally:
        raw.close()
    echo(f"  vacuumed and analyzed in {time.perf_counter() - started:.1f} s")


def rebuild(engine: Engine, definitions: list[Definition], echo: Callable[[str], None]) -> None:
    """Create the indexes two at a time (two cores), biggest tables first; then the keys."""
    indexes = sorted((d for d in definitions if d.kind != "f"), key=lambda d: -d.table_bytes)
    keys = [d for d in definitions if d.kind == "f"]

    def run(definition: Definition) -> None:
        raw = _autocommit(engine)
        try:
            started = time.perf_counter()
            raw.driver_connection.execute(BUILD_SETTINGS)
            raw.driver_connection.execute(definition.create())
            echo(f"  {definition.name} built in {time.perf_counter() - started:.1f} s")
        finally:
            raw.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, indexes))
    for key in keys:
        run(key)


def reset_sequences(engine: Engine, tables: list[str]) -> None:
    """Point each serial id's sequence past the ids loaded explicitly."""
    raw = _autocommit(engine)
    try:
        for table in tables:
            raw.driver_connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
    finally:
        raw.close()
