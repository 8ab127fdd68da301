"""`flask --app wsgi demo seed`: demo warehouses, accounts and history on the simulator."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo import seed as demo_seed
from app.demo.people import USERS

demo = AppGroup("demo", help="Demo data for first runs.")


@demo.command("seed")
@click.option("--days", default=35, show_default=True, help="Days of history to generate.")
@click.option("--if-empty", is_flag=True, help="Do nothing when users already exist.")
def seed_command(days: int, if_empty: bool) -> None:
    """Create demo places, users and weeks of repair history on the simulator's fleet."""
    if not demo_seed.is_empty():
        if if_empty:
            click.echo("Demo data skipped: the database already has users.")
            return
        raise click.ClickException("the database already has users; demo seed needs it empty")
    counts = demo_seed.seed(current_app._get_current_object(), days=days)
    click.echo("Demo data created: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for performer_id, name, role, pin, _home in USERS:
        click.echo(f"  {role:9} {performer_id:8} PIN {pin}  {name}")
    if not current_app.config["DEMO"]:
        click.echo("These PINs log in only in demo mode (DEMO=1, as scripts/serve runs).")
