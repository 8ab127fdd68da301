"""Running one scenario under wrk and reading its numbers."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

LUA = Path(__file__).with_name("wrk") / "scenario.lua"
_RUNS = itertools.count(1)  # job ids must differ between runs (warm-up, then measured)


@dataclass(frozen=True)
class Scenario:
    """What to ask for: a GET path template over a list of items, or job starts (kind "job")."""

    name: str
    title: str
    template: str
    items: Path | None = None
    headers: Path | None = None
    expected: int = 200
    kind: str = "get"


@dataclass(frozen=True)
class Measure:
    """What wrk saw: throughput, latency percentiles, and answers that were not as expected."""

    scenario: str
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    unexpected: int
    first_unexpected_status: int
    socket_errors: int
    timeouts: int
    bytes: int
    note: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.unexpected + self.socket_errors + self.timeouts


def run(
    scenario: Scenario,
    base: str,
    *,
    connections: int,
    threads: int,
    seconds: float,
    nonce: str,
    empty_headers: Path,
    timeout_s: float = 30.0,
) -> Measure:
    """Run wrk for `seconds` with `connections` connections; return its numbers."""
    args = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={timeout_s:g}s",
        f"--script={LUA}",
        base,
        "--",
        scenario.kind,
        scenario.template,
        str(scenario.items) if scenario.items else "-",
        str(scenario.headers or empty_headers),
        str(scenario.expected),
        f"{nonce}r{next(_RUNS)}",
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("BENCH "))
    return Measure(
        scenario=scenario.name,
        connections=connections,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        unexpected=raw["unexpected"],
        first_unexpected_status=raw["first_unexpected_status"],
        socket_errors=raw["socket_errors"],
        timeouts=raw["timeouts"],
        bytes=raw["bytes"],
    )


def sequential(
    scenario: Scenario, base: str, count: int, timeout_s: float, empty_headers: Path
) -> Measure:
    """`count` GETs one after another, timed here: for pages too slow for wrk's run to finish."""
    headers_file = scenario.headers or empty_headers
    headers = dict(
        line.split(": ", 1) for line in headers_file.read_text().splitlines() if ": " in line
    )
    items = scenario.items.read_text().split() if scenario.items else [""]
    times, unexpected, first, failed = [], 0, 0, 0
    for _ in range(count):
        path = scenario.template.replace("{}", random.choice(items))
        started = time.perf_counter()
        try:
            answer = requests.get(base + path, headers=headers, timeout=timeout_s)
        except requests.RequestException:
            failed += 1
            continue
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != scenario.expected:
            unexpected += 1
            first = first or answer.status_code
    times.sort()
    pick = (lambda q: times[min(len(times) - 1, int(q * len(times)))]) if times else (lambda q: 0)
    return Measure(
        scenario=scenario.name,
        connections=1,
        requests=len(times),
        seconds=sum(times) / 1000,
        p50_ms=pick(0.5),
        p90_ms=pick(0.9),
        p99_ms=pick(0.99),
        max_ms=times[-1] if times else 0,
        unexpected=unexpected,
        first_unexpected_status=first,
        socket_errors=0,
        timeouts=failed,
        bytes=0,
        note=f"{count} requests in a row: too slow for a wrk run",
    )


def visit_each(scenario: Scenario, base: str, timeout_s: float, empty_headers: Path) -> int:
    """GET every item of the scenario's list once (4 at a time): a warm cache for all of them.

    wrk's short warm-up reaches only some of 2,000 random scooters; the budgets are for a warm
    server, and a scooter's repairs lie on their own pages two years apart.
    """
    if scenario.kind != "get" or scenario.items is None:
        return 0
    headers_file = scenario.headers or empty_headers
    headers = dict(
        line.split(": ", 1) for line in headers_file.read_text().splitlines() if ": " in line
    )
    items = scenario.items.read_text().split()
    with requests.Session() as session, ThreadPoolExecutor(4) as pool:
        paths = [base + scenario.template.replace("{}", item) for item in items]
        list(pool.map(lambda url: session.get(url, headers=headers, timeout=timeout_s), paths))
    return len(items)
