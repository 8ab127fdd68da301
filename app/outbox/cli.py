"""`flask --app wsgi outbox ...`: deliver the Drive outbox and see its backlog."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .delivery import deliver_all_due, deliver_due
from .queue import backlog

outbox = AppGroup("outbox", help="Writes to Drive (tags) kept until Drive confirms them.")


@outbox.command("deliver")
@click.option("--all-due", is_flag=True, help="Go on while writes are due and Drive takes them.")
def deliver(all_due: bool) -> None:
    """Deliver the writes due now (each once; failures wait for their next try)."""
    report = deliver_all_due() if all_due else deliver_due()
    waiting = backlog()
    click.echo(
        f"{report.delivered} delivered, {report.retrying} to retry, {report.rejected} rejected; "
        f"{waiting.pending} pending."
    )


@outbox.command("backlog")
def show_backlog() -> None:
    """How many writes wait for Drive, and how long the oldest has waited."""
    waiting = backlog()
    age = waiting.oldest_age_seconds
    oldest = "-" if age is None else f"{age:.0f} s"
    click.echo(f"pending {waiting.pending}, oldest {oldest}, rejected {waiting.rejected}")
