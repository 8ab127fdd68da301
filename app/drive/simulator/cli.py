"""``flask drive ...``: drive the built-in simulator from the command line."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from .engine import Simulator
from .store import MODES, SCOPES
from .wsgi import SimulatorApp

SIMULATOR_EXTENSION = "drive_simulator"

drive_cli = AppGroup("drive", help="The built-in Drive simulator.")


def _simulator() -> Simulator:
    return current_app.extensions[SIMULATOR_EXTENSION]


@drive_cli.command("faults")
@click.option("--mode", type=click.Choice(MODES), help="How to misbehave.")
@click.option("--latency", type=click.FloatRange(min=0), help="Seconds added to each answer.")
@click.option("--error-rate", type=click.FloatRange(0, 1), help="Share of requests the mode hits.")
@click.option("--scope", type=click.Choice(SCOPES), help="Which calls misbehave.")
@click.option("--clear", is_flag=True, help="Back to normal before applying other options.")
def faults_command(
    mode: str | None,
    latency: float | None,
    error_rate: float | None,
    scope: str | None,
    clear: bool,
) -> None:
    """Show or change the simulator's misbehaviour switches (options not given are kept)."""
    simulator = _simulator()
    if clear:
        simulator.clear_faults()
    changes = {"mode": mode, "latency": latency, "error_rate": error_rate, "scope": scope}
    changes = {key: value for key, value in changes.items() if value is not None}
    faults = simulator.update_faults(**changes) if changes else simulator.faults()
    click.echo(" ".join(f"{key}={value}" for key, value in faults.to_json().items()))


@drive_cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5055, show_default=True, type=int)
def serve_command(host: str, port: int) -> None:
    """Serve the simulator over HTTP, so that DRIVE_URL can point at it."""
    from werkzeug.serving import run_simple

    run_simple(host, port, SimulatorApp(_simulator()), threaded=True)


@drive_cli.command("fleet")
@click.option("--limit", default=20, show_default=True, type=int)
@click.option("--broken", is_flag=True, help="Only scooters with complaints.")
def fleet_command(limit: int, broken: bool) -> None:
    """List demo scooters: number, id, model, battery, complaints."""
    scooters = _simulator().scooters()
    if broken:
        scooters = [s for s in scooters if any(t.tag == "broken" for t in s.tags)]
    for scooter in scooters[:limit]:
        complaints = "; ".join(t.comment or "" for t in scooter.tags if t.tag == "broken")
        click.echo(
            f"{scooter.number}  {scooter.vehicle_id}  {scooter.model:<16} "
            f"{scooter.battery_percent:>3}%  {complaints}"
        )


@drive_cli.command("state")
@click.argument("vehicle")
def state_command(vehicle: str) -> None:
    """Show a scooter's state; VEHICLE is its id or its number."""
    simulator = _simulator()
    try:
        scooter = simulator.scooter(number=vehicle) if len(vehicle) <= 4 else None
        scooter = scooter or simulator.scooter(vehicle)
    except KeyError:
        raise click.ClickException(f"no scooter {vehicle}") from None
    state = simulator.state(scooter.vehicle_id).to_json()
    click.echo(json.dumps({"vehicle_id": scooter.vehicle_id, "number": scooter.number, **state}))


@drive_cli.command("reset")
def reset_command() -> None:
    """Forget all scooter state and request counters, and clear the faults."""
    _simulator().reset()
    click.echo("simulator reset")
