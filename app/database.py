"""Database plumbing: a UTC time column type, SQLite tuning and write transactions.

SQLite is the embedded default and several gunicorn workers share its file, so it runs in WAL
mode with a busy timeout, and every write transaction starts with BEGIN IMMEDIATE: it takes the
write lock *before* it reads what it checks, so two workers cannot both see "no active repair"
and both insert. PostgreSQL gets the same guarantees from row locks and partial unique indexes.

On PostgreSQL a request's reads run in autocommit: under READ COMMITTED every statement sees
its own snapshot anyway, so a BEGIN and a ROLLBACK around them are two round trips that buy
nothing. Writes still run in one transaction each (`write_transaction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import has_request_context
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from app.extensions import db

_BEGIN_OPTION = "sqlite_begin"


def as_utc(stored: datetime | None) -> datetime | None:
    """A time as the database hands it back (naive UTC) made aware; None stays None."""
    if stored is not None and stored.tzinfo is None:
        return stored.replace(tzinfo=UTC)
    return stored


class UTCDateTime(TypeDecorator):
    """Stores naive UTC on both databases; hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return as_utc(value)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    """Turn on WAL, foreign keys and a busy timeout; let us choose how transactions begin."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Disable pysqlite's own transaction handling so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # SQLite's lower() (and so ILIKE) knows only ASCII; names here are Cyrillic.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
        connection.info[_BEGIN_OPTION] = mode


def configure_postgresql(engine: Engine) -> None:
    """Reads during a request run in autocommit; everything else keeps its transactions.

    A connection is set up as it leaves the pool: in autocommit inside a request, else
    transactional (CLI commands, background report computations). `write_transaction()` asks
    for READ COMMITTED explicitly, which turns autocommit off for that transaction.
    """

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.autocommit = has_request_context()


def _refuse_deferred_write(session, _flush_context, _instances) -> None:
    if not has_request_context() or not (session.new or session.dirty or session.deleted):
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite" and connection.info.get(_BEGIN_OPTION) != "IMMEDIATE":
        raise RuntimeError(
            "a write during a request outside app.database.write_transaction(): "
            "on SQLite it fails under concurrent load"
        )


def guard_deferred_writes(session) -> None:
    """Make a write in a DEFERRED SQLite transaction fail loudly, at once, during requests.

    Such a write works alone but fails with "database is locked" as soon as another worker
    wrote in between (SQLite cannot upgrade a read snapshot), so under load it is a 500.
    Used with SQLITE_STRICT_WRITES (on in tests); every request's write must go through
    `write_transaction()`.
    """
    if not event.contains(session, "before_flush", _refuse_deferred_write):
        event.listen(session, "before_flush", _refuse_deferred_write)


def begin_postgresql_transaction() -> None:
    """End the session's reads and go on in a READ COMMITTED transaction, not autocommit:
    for writes, and for reads whose settings (SET LOCAL) must last past one statement."""
    db.session.commit()
    db.session.connection(execution_options={"isolation_level": "READ COMMITTED"})


@contextmanager
def write_transaction(*, keep_loaded: bool = False) -> Iterator[None]:
    """Run the block in one write transaction: committed on success, rolled back on error.

    On SQLite it begins IMMEDIATE (the write lock is taken before the first read); on
    PostgreSQL callers lock the rows they check with SELECT ... FOR UPDATE. With
    `keep_loaded`, objects keep the values they had at commit instead of being read again
    on next use: for answers built from exactly what was just written.
    """
    session = db.session
    # End the reads before (their objects are read again on use, so every check sees the rows
    # as they are now); the write transaction then begins IMMEDIATE on SQLite, and as a real
    # transaction, not autocommit, on PostgreSQL.
    if session.get_bind().dialect.name == "sqlite":
        session.commit()
        session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})
    else:
        begin_postgresql_transaction()
    try:
        yield
        _commit(session(), expire=not keep_loaded)
    except BaseException:
        session.rollback()
        raise


def _commit(session, *, expire: bool) -> None:
    before = session.expire_on_commit
    session.expire_on_commit = expire and before
    try:
        session.commit()
    finally:
        session.expire_on_commit = before
