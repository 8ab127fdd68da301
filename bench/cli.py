"""`python -m bench generate|run|profile`: the benchmark's command line, outside the app's own.

    python -m bench generate --database-url URL --preset small --yes-empty-database
    python -m bench run [--preset large] [--duration 20] ...     (what scripts/benchmark runs)

The generator never reads DATABASE_URL, the app's own setting: its database is named with
--database-url (or BENCH_DATABASE_URL), and bench/guard.py decides whether it may be emptied.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import sys
import time

from app import create_app
from app.extensions import db
from bench import benchmark, inprocess
from bench.generate import DEFAULT_PIN, generate
from bench.guard import CONFIRM, GenerationRefused
from bench.presets import PRESETS

PROG = "python -m bench"


def parser() -> argparse.ArgumentParser:
    """Both commands and their options."""
    top = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gen = commands.add_parser(
        "generate",
        help="fill a database with a generated repair history (empties it first)",
        description="Fill a benchmark database with a generated history of PRESET size "
        "(large: PostgreSQL only). It deletes the database's warehouses, users, scooters and "
        "history first: it runs only with --yes-empty-database, and refuses a database holding "
        "any warehouse, user or API token it did not generate.",
    )
    gen.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or None,
        help="the database to fill (default: BENCH_DATABASE_URL; never DATABASE_URL)",
    )
    gen.add_argument("--preset", choices=list(PRESETS), default="small")
    gen.add_argument("--seed", type=int, default=1, help="same seed, same data")
    gen.add_argument("--scale", type=float, default=1.0, help="multiply every count, e.g. 0.01")
    gen.add_argument(CONFIRM, action="store_true", help="yes, delete what the database holds")
    gen.add_argument(
        "--keep-indexes",
        action="store_true",
        help="PostgreSQL: load with the indexes in place (slower; for comparison)",
    )
    gen.add_argument("--pin", default=DEFAULT_PIN, help="every generated user's PIN")
    run = commands.add_parser(
        "run",
        prog=os.environ.get("BENCH_PROG") or f"{PROG} run",
        help="measure the app served by gunicorn (scripts/benchmark)",
        description=benchmark.__doc__.split("\n\n")[0],
    )
    benchmark.add_arguments(run)
    profile = commands.add_parser(
        "profile",
        help="statements and CPU time per request of the tablet pages, in-process",
        description=inprocess.__doc__.split("\n\n")[0],
    )
    inprocess.add_arguments(profile)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status."""
    top = parser()
    args = top.parse_args(argv)
    if args.command == "run":
        typed = sys.argv[1:] if argv is None else argv  # "run", then its options
        prog = os.environ.get("BENCH_PROG")
        words = [prog, *typed[1:]] if prog else [f"{PROG} run", *typed[1:]]
        began = time.perf_counter()
        code = benchmark.main(args, " ".join([words[0], *map(shlex.quote, words[1:])]))
        print(f"Benchmark took {time.perf_counter() - began:.0f} s")
        return code
    if args.command == "profile":
        return inprocess.main(args)
    if not args.database_url:
        top.error(
            "generate needs --database-url (or BENCH_DATABASE_URL): it never fills DATABASE_URL,"
            " the app's own database"
        )
    return generate_command(args)


def generate_command(args: argparse.Namespace) -> int:
    """`generate`: the preset into --database-url, or a refusal on stderr (exit status 1)."""
    chosen = PRESETS[args.preset].scaled(args.scale)
    settings = {"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": secrets.token_hex(16)}
    app = create_app(settings)
    with app.app_context():
        try:
            result = generate(
                chosen,
                args.seed,
                args.yes_empty_database,
                not args.keep_indexes,
                args.pin,
                lambda line: print(line, flush=True),
            )
        except GenerationRefused as refusal:
            print(f"{PROG} generate: refused: {refusal}", file=sys.stderr)
            return 1
        finally:
            db.session.remove()
            db.engine.dispose()
    print("Rows: " + ", ".join(f"{n:,} {name}" for name, n in result.counts.items()))
    print(
        f"Done in {result.seconds['total']:.1f} s "
        f"(rows {result.seconds['rows']:.1f} s). Every user's PIN is {args.pin}."
    )
    return 0
