"""`flask --app wsgi perf generate --preset NAME`: a fleet-scale history for benchmarks."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.perf.generate import DEFAULT_PIN, GenerationRefused, generate
from app.perf.presets import PRESETS

perf = AppGroup("perf", help="Performance: generated data sets (see docs/PERFORMANCE.md).")


@perf.command("generate")
@click.option("--preset", type=click.Choice(list(PRESETS)), default="small", show_default=True)
@click.option("--seed", default=1, show_default=True, help="Same seed, same data.")
@click.option("--scale", default=1.0, show_default=True, help="Multiply every count, e.g. 0.01.")
@click.option("--force", is_flag=True, help="Empty the history, people and places first.")
@click.option(
    "--keep-indexes",
    is_flag=True,
    help="PostgreSQL: load with the indexes in place (slower; for comparison).",
)
@click.option("--pin", default=DEFAULT_PIN, show_default=True, help="Every generated user's PIN.")
def generate_command(
    preset: str, seed: int, scale: float, force: bool, keep_indexes: bool, pin: str
) -> None:
    """Fill the database with a generated history of PRESET size (large: PostgreSQL only)."""
    chosen = PRESETS[preset].scaled(scale)
    click.echo(
        f"Generating {chosen.name}: {chosen.scooters:,} scooters, {chosen.warehouses:,} "
        f"warehouses, {chosen.repairers:,} repairers, {chosen.repairs:,} repairs, "
        f"{chosen.jobs:,} jobs over {chosen.days} days (seed {seed})"
    )
    try:
        result = generate(chosen, seed, force, not keep_indexes, pin, click.echo)
    except GenerationRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Rows: " + ", ".join(f"{n:,} {name}" for name, n in result.counts.items()))
    click.echo(
        f"Done in {result.seconds['total']:.1f} s "
        f"(rows {result.seconds['rows']:.1f} s). Every user's PIN is {pin}."
    )
