"""Serve the app the production way for tests and the benchmark: `gunicorn wsgi:app` with the
project's gunicorn.conf.py, its workers and threads as scripts/serve sets them, on a free port
of the loopback only; plus what a caller asks of the running server (its workers' memory, a
`flask` command on the same settings).

The one launcher of the repository: tests/ and bench/ both import it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START_TIMEOUT = 60.0  # seconds; generous, the machine may be busy
STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL, master process id, served code and settings."""

    base: str
    pid: int
    code: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)

    def flask(self, *args: str) -> float:
        """Run `flask --app wsgi ARGS` on the served code and settings; its seconds."""
        began = time.perf_counter()
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=self.code,
            env={**os.environ, **self.env},
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


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_args(
    port: int, workers: int, threads: int, access_log: Path | None, extra_args: tuple[str, ...]
) -> list[str]:
    """scripts/serve's gunicorn command line, bound to `port` on the loopback.

    A short graceful timeout: stopping a test or benchmark server need not wait for requests
    a client gave up on. It changes nothing while the server runs."""
    args = [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads)]
    args += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2"]
    if access_log is not None:
        args += ["--access-logfile", str(access_log)]
    return [*args, *extra_args, "wsgi:app"]


@contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int = 4,
    threads: int = 1,
    log_path: Path | None = None,
    access_log: Path | None = None,
    extra_args: tuple[str, ...] = (),
    code: Path = ROOT,
) -> Iterator[Server]:
    """Serve the app in `code` with `env` on top of this environment; stop it, workers and
    all, when the block ends. gunicorn's own output goes to `log_path` (or nowhere)."""
    port = free_port()
    args = gunicorn_args(port, workers, threads, access_log, extra_args)
    with open(log_path or os.devnull, "wb") as log:
        process = subprocess.Popen(
            args,
            cwd=code,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers are stopped with it
        )
        server = Server(f"http://127.0.0.1:{port}", process.pid, code, dict(env))
        try:
            _wait_until_up(server.base, process, log_path)
            yield server
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass  # it had already exited
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, log_path: Path | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}{_log_tail(log_path)}")
        try:
            if requests.get(f"{base}/api/openapi.json", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:g} s{_log_tail(log_path)}")


def _log_tail(log_path: Path | None, lines: int = 20) -> str:
    """The end of gunicorn's log, to say why it failed."""
    if log_path is None or not log_path.exists():
        return " (no log kept: pass log_path to see why)"
    tail = log_path.read_text(errors="replace").splitlines()[-lines:]
    return f"; the end of {log_path}:\n" + "\n".join(tail)
