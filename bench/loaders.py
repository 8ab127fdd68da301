"""Bulk loading: COPY (binary, streamed) on PostgreSQL, executemany in one transaction on SQLite.

Both take rows as tuples in the column order of COLUMNS, times as epoch seconds turned into
the loader's own form by `loader.time` (the generator calls it, so each value is made once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import Any

from psycopg import sql
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy.engine import Engine

Row = tuple[Any, ...]
# Column kinds: i integer, t text, b boolean, f float, j JSON (as text), ts a time.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "places": [
        ("place_id", "t"),
        ("name", "t"),
        ("timezone", "t"),
        ("active", "b"),
        ("created_at", "ts"),
    ],
    "users": [
        ("performer_id", "t"),
        ("name", "t"),
        ("role", "t"),
        ("pin_hash", "t"),
        ("active", "b"),
        ("created_at", "ts"),
    ],
    "vehicles": [
        ("vehicle_id", "t"),
        ("number", "t"),
        ("model", "t"),
        ("mileage_km", "f"),
        ("seen_at", "ts"),
    ],
    "shifts": [
        ("id", "i"),
        ("performer_id", "t"),
        ("place_id", "t"),
        ("started_at", "ts"),
        ("ended_at", "ts"),
    ],
    "repairs": [
        ("id", "i"),
        ("repair_id", "t"),
        ("performer_id", "t"),
        ("vehicle_id", "t"),
        ("place_id", "t"),
        ("status", "t"),
        ("started_at", "ts"),
        ("finished_at", "ts"),
        ("mileage_km_at_start", "f"),
        ("comment", "t"),
    ],
    "jobs": [
        ("id", "i"),
        ("job_id", "t"),
        ("repair_pk", "i"),
        ("type", "t"),
        ("status", "t"),
        ("started_at", "ts"),
        ("finished_at", "ts"),
    ],
    "control_commands": [
        ("id", "i"),
        ("performer_id", "t"),
        ("vehicle_id", "t"),
        ("repair_id", "t"),
        ("action", "t"),
        ("channel", "t"),
        ("outcome", "t"),
        ("error", "t"),
        ("detail", "t"),
        ("result", "j"),
        ("requested_at", "ts"),
        ("finished_at", "ts"),
    ],
    # Filled after the history, by bench/ways.py.
    "complaints": [
        ("id", "i"),
        ("complaint_id", "t"),
        ("vehicle_id", "t"),
        ("source", "t"),
        ("text", "t"),
        ("reported_at", "ts"),
        ("reported_by", "t"),
        ("status", "t"),
        ("resolved_at", "ts"),
        ("repair_pk", "i"),
        ("released_at", "ts"),
        ("created_at", "ts"),
    ],
    "complaint_jobs": [("complaint_pk", "i"), ("job_pk", "i"), ("linked_at", "ts")],
    "stage_events": [
        ("id", "i"),
        ("event_id", "t"),
        ("vehicle_id", "t"),
        ("stage", "t"),
        ("at", "ts"),
        ("place_id", "t"),
        ("reason", "t"),
        ("created_at", "ts"),
    ],
}
TABLES = list(COLUMNS)  # in the order they are filled (referenced tables first)
# Binary COPY sends each field in the column type's binary form. A timestamp's is an int8 of
# microseconds since 2000-01-01, so an int8 computed from epoch seconds is sent as it is:
# no datetime objects are built for tens of millions of values. JSON's binary form is text.
PG_TYPES = {"i": "int4", "t": "text", "b": "bool", "f": "float8", "j": "text", "ts": "int8"}
PG_EPOCH_US = 946_684_800_000_000
SQLITE_EPOCH = datetime(1970, 1, 1)


def pg_time(epoch_seconds: float) -> int:
    """A time for binary COPY into `timestamp`: microseconds since 2000, to the millisecond."""
    return int(epoch_seconds * 1000) * 1000 - PG_EPOCH_US


def sqlite_time(epoch_seconds: float) -> str:
    """A time as SQLAlchemy stores naive UTC on SQLite, to the millisecond."""
    moment = SQLITE_EPOCH + timedelta(milliseconds=int(epoch_seconds * 1000))
    return moment.isoformat(sep=" ", timespec="microseconds")


class PostgresLoader:
    """COPY FROM STDIN in binary, one connection per table so that tables load side by side."""

    time = staticmethod(pg_time)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def streams(self, tables: Iterable[str]) -> Iterator[dict[str, Callable[[Row], None]]]:
        """Open one COPY per table; yield a row writer per table; commit them all at the end."""
        done = False
        with ExitStack() as stack:
            writers = {}
            for table in tables:
                raw = self.engine.raw_connection()
                stack.callback(raw.close)
                # Registered before the COPY is entered, so it runs after the COPY has ended.
                stack.callback(lambda raw=raw: raw.commit() if done else raw.rollback())
                cursor = raw.driver_connection.cursor()
                columns = COLUMNS[table]
                statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
                    sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c, _ in columns)
                )
                copy = stack.enter_context(cursor.copy(statement, writer=QueuedLibpqWriter(cursor)))
                copy.set_types([PG_TYPES[kind] for _, kind in columns])
                writers[table] = copy.write_row
            yield writers
            done = True


class SQLiteLoader:
    """executemany in one transaction, flushed in batches (referenced tables first)."""

    time = staticmethod(sqlite_time)
    BATCH = 20_000

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def streams(self, tables: Iterable[str]) -> Iterator[dict[str, Callable[[Row], None]]]:
        """Yield a row writer per table; everything is committed at the end, or nothing."""
        tables = [t for t in TABLES if t in set(tables)]
        raw = self.engine.raw_connection()
        cursor = raw.driver_connection.cursor()
        buffers: dict[str, list[Row]] = {table: [] for table in tables}
        statements = {
            table: "INSERT INTO {} ({}) VALUES ({})".format(
                table, ", ".join(c for c, _ in COLUMNS[table]), ", ".join("?" * len(COLUMNS[table]))
            )
            for table in tables
        }

        def flush() -> None:
            for table in tables:  # referenced rows go in before the rows referring to them
                cursor.executemany(statements[table], buffers[table])
                buffers[table].clear()

        def writer(table: str) -> Callable[[Row], None]:
            buffer = buffers[table]

            def write(row: Row) -> None:
                buffer.append(row)
                if len(buffer) >= self.BATCH:
                    flush()

            return write

        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield {table: writer(table) for table in tables}
            flush()
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        finally:
            raw.close()
