"""The database the tests run on: SQLite by default, PostgreSQL when TEST_DATABASE_URL says so."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def on_postgres() -> bool:
    """True when this run targets PostgreSQL."""
    return POSTGRES_URL.startswith("postgresql")


@contextmanager
def scratch_postgres_database() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for the duration of the block."""
    name = f"sor_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def clear_tables(engine: sa.Engine, metadata: sa.MetaData, keep: dict[str, list[dict]]) -> None:
    """Empty every table, then put back the rows in `keep` (table name -> rows)."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        for table in metadata.sorted_tables:
            if keep.get(table.name):
                conn.execute(table.insert(), keep[table.name])
