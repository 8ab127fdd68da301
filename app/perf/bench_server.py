"""The app served for the benchmark exactly as scripts/serve serves it: gunicorn, its workers
and threads, its access log; plus the workers' memory, read from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL and master process id."""

    base: str
    pid: int
    code: Path = ROOT
    env: dict[str, str] | None = None

    def flask(self, *args: str) -> float:
        """Run `flask --app wsgi ARGS` on the served code and settings; its seconds."""
        flask = str(Path(sys.executable).parent / "flask")
        began = time.perf_counter()
        subprocess.run(
            [flask, "--app", "wsgi", *args],
            cwd=self.code,
            env={**os.environ, **(self.env or {})},
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - began

    def worker_pids(self) -> list[int]:
        """The worker processes (the master's children)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mb(self) -> list[float]:
        """Each worker's resident memory (VmRSS), in MB."""
        return [rss_mb(pid) for pid in self.worker_pids()]


def rss_mb(pid: int) -> float:
    """A process's resident set size in MB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_args(workers: int, threads: int, bind: str, access_log: str) -> list[str]:
    """scripts/serve's gunicorn command line, with the bind address and log file given."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return [
        gunicorn,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        bind,
        "--access-logfile",
        access_log,
        "wsgi:app",
    ]


def snapshot(ref: str, into: Path) -> Path:
    """The code of git commit `ref`, extracted into `into` (others may be editing the tree)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def cancel_queries(url: str, application_name: str) -> int:
    """Cancel the queries the server left running (wrk gave up on them); how many there were."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                sa.text(
                    "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :name AND state = 'active'"
                ),
                {"name": application_name},
            )
    finally:
        engine.dispose()


@contextmanager
def serve(
    env: dict[str, str], workers: int, threads: int, log_dir: Path, code: Path = ROOT
) -> Iterator[Server]:
    """Run gunicorn on the app in `code` with `env` on a free loopback port."""
    port = _free_port()
    args = gunicorn_args(workers, threads, f"127.0.0.1:{port}", str(log_dir / "access.log"))
    with open(log_dir / "gunicorn.log", "wb") as log:
        process = subprocess.Popen(
            args,
            cwd=code,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process.pid, code, env)
        try:
            _wait_until_up(server.base, process)
            yield server
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see gunicorn.log")
        try:
            if requests.get(f"{base}/api/openapi.json", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up in time")


def forget_started_jobs(url: str, repair_ids: list[str]) -> int:
    """Delete the jobs the job-start scenario added to these (the benchmark's) repairs.

    They are on the scooters the history API and the card are asked about, and are the newest
    repairs (page 1 of the manager history): without this, they would hold tens of thousands
    of jobs for the rest of the run, which no real repair does. The table is then vacuumed,
    or the dead rows would be read again by every later scan of those repairs.
    """
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            deleted = conn.execute(
                sa.text(
                    "DELETE FROM jobs WHERE repair_pk IN "
                    "(SELECT id FROM repairs WHERE repair_id = ANY(:ours))"
                ),
                {"ours": repair_ids},
            )
    finally:
        engine.dispose()
    vacuum(url, "jobs")
    return deleted.rowcount


def vacuum(url: str, *tables: str) -> None:
    """VACUUM these tables (PostgreSQL), as autovacuum would in time after mass deletes."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for table in tables:
                conn.exec_driver_sql(f"VACUUM {table}")
    finally:
        engine.dispose()
