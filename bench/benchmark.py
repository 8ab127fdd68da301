"""`scripts/benchmark` (`python -m bench run`): the app served as in production, measured
against a trivial endpoint of the same app in the same run (the machine may be shared, so
ratios are what compare).

    scripts/benchmark [--preset large] [--duration 20] [--database-url URL] [--no-write]

See docs/PERFORMANCE.md for what each scenario does and the budgets it is held to.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from app import create_app, settings
from app.extensions import db
from bench import bench_setup
from bench.bench_database import vacuum
from bench.bench_report import Run, markdown, write
from bench.bench_run import Bench
from bench.code import describe, snapshot
from bench.presets import PRESETS
from devtools.server import ROOT, gunicorn

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sor_bench"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `python -m bench run`."""
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help="the benchmark's database (default: BENCH_DATABASE_URL, else sor_bench on localhost)",
    )
    p.add_argument(
        "--preset",
        choices=list(PRESETS),
        default="large",
        help="generated first if the database has no repairs",
    )
    p.add_argument("--duration", type=float, default=20, help="seconds per scenario")
    p.add_argument("--warmup", type=float, default=5, help="seconds of warm-up per scenario")
    p.add_argument("--connections", type=int, default=16, help="wrk connections under load")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=settings.value("WORKERS"))
    p.add_argument("--threads", type=int, default=settings.value("THREADS"))
    p.add_argument("--repairs", type=int, default=200, help="performing repairs for job starts")
    p.add_argument("--pin", default="2468", help="the generated users' PIN")
    p.add_argument("--timeout", type=float, default=60, help="seconds before a request fails")
    p.add_argument("--ref", default="", help="serve this git commit, not the working tree")
    p.add_argument("--only", default="", help="comma-separated scenarios (default: all)")
    p.add_argument("--output", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    p.add_argument("--no-write", action="store_true", help="print only; leave the docs alone")


def ensure_data(url: str, preset: str) -> None:
    """Create and migrate the database if needed; generate `preset` into it when empty."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
            )
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
        admin.dispose()
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi"}
    flask = str(Path(sys.executable).with_name("flask"))
    subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        empty = not conn.scalar(sa.text("SELECT EXISTS (SELECT 1 FROM repairs)"))
    engine.dispose()
    if empty:  # the generator still refuses people and places it did not make
        print(f"The database is empty: generating the {preset} preset first.", flush=True)
        generate = [sys.executable, "-m", "bench", "generate", "--preset", preset]
        generate += ["--database-url", url, "--yes-empty-database"]
        subprocess.run(generate, cwd=ROOT, check=True)


def machine(url: str) -> dict[str, str]:
    """What the numbers were measured on."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        version = conn.scalar(sa.text("SHOW server_version"))
    engine.dispose()
    return {
        "machine": f"{os.cpu_count()} cores ({model}), {mem_kb / 1024**2:.0f} GB RAM",
        "database": f"PostgreSQL {version}" if url.startswith("postgresql") else url.split(":")[0],
    }


def main(args: argparse.Namespace, command: str) -> int:
    """Run the benchmark; print the results and write them into docs/PERFORMANCE.md.
    `command` is the command line as typed, for the report."""
    started = datetime.now(UTC)
    only = set(filter(None, args.only.split(",")))
    nonce = secrets.token_hex(4)
    work = Path(tempfile.mkdtemp(prefix="sor-bench-"))
    ensure_data(args.database_url, args.preset)
    env = {
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "DRIVE_SIMULATOR_PATH": str(work / "drive-simulator.sqlite3"),
        "LOGIN_THROTTLE_STORAGE": "sqlite:///" + str(work / "throttle.sqlite3"),
        "SECURITY_LOG": str(work / "security.log"),
        # Name the server's connections so that queries wrk gave up on can be cancelled, and
        # stop any statement at wrk's own time-out (libpq reads both from the environment).
        "PGAPPNAME": f"sor-bench-{nonce}",
        "PGOPTIONS": f"-c statement_timeout={int(args.timeout * 1000)}",
    }
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, **env})
    with app.app_context():
        targets = bench_setup.prepare(nonce, args.repairs, args.pin)
        counts = bench_setup.data_set_counts()
        db.session.remove()
        db.engine.dispose()
    run = Run(
        meta={
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": command,
            **machine(args.database_url),
            "data set": ", ".join(f"{n:,} {name}" for name, n in counts.items()),
            "server": f"gunicorn --workers {args.workers} --threads {args.threads} "
            "(as scripts/serve), built-in Drive simulator",
            "load": f"wrk, {args.connections} connections, {args.wrk_threads} threads, "
            f"{args.duration:g} s per scenario after {args.warmup:g} s of warm-up",
            "load average before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        }
    )
    code = snapshot(args.ref, work / "code") if args.ref else ROOT
    run.meta["code"] = describe(args.ref)
    with gunicorn(
        env,
        workers=args.workers,
        threads=args.threads,
        log_path=work / "gunicorn.log",
        access_log=work / "access.log",
        code=code,
    ) as server:
        bench = Bench(
            server=server,
            work=work,
            targets=targets,
            database_url=args.database_url,
            application_name=env["PGAPPNAME"],
            nonce=nonce,
            pin=args.pin,
            wrk_threads=args.wrk_threads,
            seconds=args.duration,
            warmup=args.warmup,
            timeout=args.timeout,
        )
        bench.measure_all(run, args.connections, only)
        bench.weigh_pages(run)
        bench.finish()
    with app.app_context():
        bench_setup.tidy(targets.repairers[-1][0], started)  # the data set as it was
        db.session.remove()
        db.engine.dispose()
    vacuum(args.database_url, "jobs", "control_commands", "repairs", "shifts")
    run.meta["load average after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    section = markdown(run)
    print(section)
    if not args.no_write:
        write(args.output, section)
        print(f"Written into {args.output}")
    return 0
