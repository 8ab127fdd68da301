"""`flask --app wsgi control ...`: upkeep of the control audit log."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.control import abandoned

control = AppGroup("control", help="Control commands and their audit log.")


@control.command("settle-abandoned")
def settle_abandoned() -> None:
    """Settle as unknown the entries left pending past the command timeout plus the margin."""
    settled = abandoned.settle_abandoned()
    click.echo(f"{settled} abandoned command(s) settled as unknown.")
