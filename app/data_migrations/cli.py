"""`flask data migrate|status`: the batched data migrations (app/data_migrations/)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app import data_migrations

data = AppGroup("data", help="Batched data migrations, after `flask db upgrade`.")


@data.command("migrate")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1))
@click.option("--max-batches", type=click.IntRange(1), help="Stop after this many (resumable).")
def migrate(batch_size: int, max_batches: int | None) -> None:
    """Run the unfinished data migrations in batches, printing progress; resumable."""
    data_migrations.run(batch_size, max_batches, echo=click.echo)


@data.command("status")
def status() -> None:
    """Each data migration: finished, or how far it got."""
    for name in data_migrations.names():
        state = data_migrations.state_of(name)
        if state is None:
            click.echo(f"{name}: not started")
        elif state.finished_at:
            click.echo(f"{name}: finished ({state.rows} rows in {state.batches} batches)")
        else:
            click.echo(f"{name}: {state.batches} batches done, up to {state.position}")
