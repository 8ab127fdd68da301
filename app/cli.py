"""The command line of docs/API.md: `flask --app wsgi places|users|tokens ...`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.admin import rules
from app.extensions import db
from app.models import ApiToken, Place, Role, User
from app.models.places import DEFAULT_TIMEZONE

SECRET_PROBLEMS = {
    rules.SecretProblem.PIN_FORMAT: "the PIN must be 4-8 digits",
    rules.SecretProblem.MANAGER_TOO_WEAK: (
        "managers need a passphrase of at least 10 characters or a PIN of at least 8 digits"
    ),
    rules.SecretProblem.TOO_LONG: f"at most {rules.SECRET_MAX} characters",
    rules.SecretProblem.TRIVIAL: (
        "this PIN is too easy to guess (0000, 1234, one digit repeated, the performer id)"
    ),
}

places = AppGroup("places", help="Warehouses.")
users = AppGroup("users", help="Repairers and managers.")
tokens = AppGroup("tokens", help="API tokens for services.")


def _valid_timezone(_ctx, _param, value: str) -> str:
    if not rules.is_valid_timezone(value):
        raise click.BadParameter(f"unknown time zone {value!r} (try Europe/Moscow)")
    return value


@places.command("add")
@click.argument("place_id")
@click.option("--name", required=True, help="The warehouse's name.")
@click.option(
    "--timezone",
    default=DEFAULT_TIMEZONE,
    show_default=True,
    callback=_valid_timezone,
    help="IANA time zone.",
)
def add_place(place_id: str, name: str, timezone: str) -> None:
    """Add a warehouse, or update its name and time zone."""
    place = db.session.get(Place, place_id) or Place(place_id=place_id)
    place.name, place.timezone, place.active = name, timezone, True
    db.session.add(place)
    db.session.commit()
    click.echo(f"Place {place_id} ({name}, {timezone}) saved.")


@users.command("add")
@click.argument("performer_id")
@click.option("--name", required=True, help="Full name as shown to colleagues.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.REPAIRER.value,
    show_default=True,
)
@click.option(
    "--pin",
    required=True,
    help="Repairers: 4-8 digits. Managers: a passphrase of 10+ characters or 8+ digits.",
)
def add_user(performer_id: str, name: str, role: str, pin: str) -> None:
    """Add a user, or update the name, role and PIN of an existing one."""
    problem = rules.secret_problem(pin, role, performer_id)
    if problem is not None:
        raise click.BadParameter(SECRET_PROBLEMS[problem], param_hint="--pin")
    user = db.session.get(User, performer_id) or User(performer_id=performer_id)
    user.end_sessions()  # an existing user's new PIN or role ends his sessions
    user.name, user.role, user.active = name, role, True
    user.set_pin(pin)
    db.session.add(user)
    db.session.commit()
    click.echo(f"User {performer_id} ({name}, {role}) saved.")


@tokens.command("add")
@click.argument("name")
def add_token(name: str) -> None:
    """Create an API token; it is printed once, alone on the last line."""
    token, raw = ApiToken.issue(name)
    db.session.add(token)
    db.session.commit()
    click.echo(f"Token {name!r} created. Keep it now, it is not shown again:")
    click.echo(raw)


def register_commands(app: Flask) -> None:
    """Attach the command groups to the app's CLI."""
    from app.backup import backup
    from app.control.cli import control
    from app.data_migrations.cli import data
    from app.demo.cli import demo
    from app.manager.stats.cli import stats
    from app.outbox.cli import outbox

    for group in (places, users, tokens, demo, backup, stats, control, outbox, data):
        app.cli.add_command(group)
