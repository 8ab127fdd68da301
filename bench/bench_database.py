"""Keeping the benchmark's database as generated while the benchmark writes to it: cancel the
queries wrk abandoned, delete the jobs the job-start scenario added, vacuum (PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa


def cancel_queries(url: str, application_name: str) -> int:
    """Cancel the queries the server left running (wrk gave up on them); how many there were."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                sa.text(
                    "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :name AND state = 'active'"
                ),
                {"name": application_name},
            )
    finally:
        engine.dispose()


def forget_started_jobs(url: str, repair_ids: list[str]) -> int:
    """Delete the jobs the job-start scenario added to these (the benchmark's) repairs.

    They are on the scooters the history API and the card are asked about, and are the newest
    repairs (page 1 of the manager history): without this, they would hold tens of thousands
    of jobs for the rest of the run, which no real repair does. The table is then vacuumed,
    or the dead rows would be read again by every later scan of those repairs.
    """
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            deleted = conn.execute(
                sa.text(
                    "DELETE FROM jobs WHERE repair_pk IN "
                    "(SELECT id FROM repairs WHERE repair_id = ANY(:ours))"
                ),
                {"ours": repair_ids},
            )
    finally:
        engine.dispose()
    vacuum(url, "jobs")
    return deleted.rowcount


def vacuum(url: str, *tables: str) -> None:
    """VACUUM these tables (PostgreSQL), as autovacuum would in time after mass deletes."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for table in tables:
                conn.exec_driver_sql(f"VACUUM {table}")
    finally:
        engine.dispose()
