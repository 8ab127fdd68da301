"""Online backups of the embedded SQLite database, and restoring one.

`flask --app wsgi backup create [PATH]` copies the live database page by page with SQLite's
backup API: consistent even while workers keep writing (WAL), and checked with
`PRAGMA integrity_check` before it is kept. `backup restore PATH` checks a backup and copies it
back over the live database the same way, under SQLite's own locks. PostgreSQL deployments use
pg_dump / pg_restore instead.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

backup = AppGroup("backup", help="Online backups of the SQLite database.")


def live_database_path() -> Path:
    """The SQLite file the app uses; a ClickException on other databases."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "backups here are for the embedded SQLite database; use pg_dump for PostgreSQL"
        )
    return Path(url.database)


def _check(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if verdict != "ok":
        raise click.ClickException(f"{path} failed the integrity check: {verdict}")


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=1024)  # in steps, so writers are not held up for long
    finally:
        dst.close()
        src.close()


@backup.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path | None) -> None:
    """Take a consistent backup of the live database (default: instance/backups/...)."""
    live = live_database_path()
    if path is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(current_app.instance_path) / "backups" / f"{live.stem}-{stamp}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    copy_database(live, partial)
    _check(partial)
    os.replace(partial, path)
    click.echo(str(path))


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace the live database's content with a checked backup."""
    _check(path)
    live = live_database_path()
    if not yes:
        click.confirm(f"Replace everything in {live} with {path}?", abort=True)
    copy_database(path, live)
    click.echo(f"Restored {live} from {path}")
