"""Simulated repairers doing whole repairs against a running server, as tablets would.

Each repairer loops: start a repair on one of its scooters, run one to three jobs, send a
command now and then, finish. A request that fails in transport (a killed worker, a reset) is
retried with the same idempotency tokens, which is exactly what the tokens are for.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import requests

JOB_TYPES = ["grips", "brake_adjustment", "fenders", "kickstand", "reflectors", "brake_cable"]


@dataclass
class LoadResult:
    """What the repairers saw."""

    statuses: Counter = field(default_factory=Counter)
    transport_errors: int = 0
    repairs_finished: int = 0
    commands_answered: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


class Repairer:
    """One tablet, one performer, a few scooters of his own (plus shared ones)."""

    def __init__(
        self,
        base: str,
        token: str,
        performer_id: str,
        place_id: str,
        vehicles: list[str],
        result: LoadResult,
        seed: int,
    ) -> None:
        self.base, self.performer_id, self.place_id = base, performer_id, place_id
        self.vehicles, self.result = vehicles, result
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def call(self, path: str, body: dict, tries: int = 6) -> requests.Response | None:
        """POST with retries on transport errors only (same body, same tokens)."""
        for attempt in range(tries):
            started = time.monotonic()
            try:
                response = self.http.post(f"{self.base}{path}", json=body, timeout=30)
            except requests.RequestException:
                with self.result.lock:
                    self.result.transport_errors += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            self.result.record(response.status_code, time.monotonic() - started)
            return response
        return None

    def run(self, until: float) -> None:
        """Do whole repairs until the deadline."""
        self.call(
            "/api/shift/start", {"performer_id": self.performer_id, "place_id": self.place_id}
        )
        while time.monotonic() < until:
            self.one_repair()

    def one_repair(self) -> None:
        repair_id = uuid.uuid4().hex
        start = self.call(
            "/api/repair/start",
            {
                "repair_id": repair_id,
                "performer_id": self.performer_id,
                "vehicle_id": self.rng.choice(self.vehicles),
                "place_id": self.place_id,
            },
        )
        if start is None or start.status_code not in (200, 201):
            time.sleep(0.05)
            return
        vehicle_id = start.json()["vehicle_id"]
        for job_type in self.rng.sample(JOB_TYPES, self.rng.randint(1, 3)):
            job_id = uuid.uuid4().hex
            self.call(
                "/api/repair-job/start",
                {"repair_id": repair_id, "job_id": job_id, "type": job_type},
            )
            self.call(
                "/api/repair-job/end",
                {"job_id": job_id, "status": self.rng.choices(["completed", "failed"], [9, 1])[0]},
            )
        if self.rng.random() < 0.3:
            answer = self.call(
                "/api/scooter/control",
                {
                    "vehicle_id": vehicle_id,
                    "performer_id": self.performer_id,
                    "action": self.rng.choice(["headlight_on", "headlight_off"]),
                },
            )
            if answer is not None:
                with self.result.lock:
                    self.result.commands_answered += 1
        end = self.call("/api/repair/end", {"repair_id": repair_id})
        if end is not None and end.status_code == 409:  # no completed job: fail it instead
            end = self.call("/api/repair/end", {"repair_id": repair_id, "status": "failed"})
        if end is not None and end.status_code == 200:
            with self.result.lock:
                self.result.repairs_finished += 1


def run_repairers(
    base: str, token: str, performers: list[str], place_id: str, vehicles: list[str], seconds: float
) -> LoadResult:
    """Run one thread per performer for `seconds`; each shares scooters with its neighbour."""
    result = LoadResult()
    until = time.monotonic() + seconds
    repairers = [
        Repairer(
            base,
            token,
            performer,
            place_id,
            [vehicles[n % len(vehicles)], vehicles[(n + 1) % len(vehicles)]],
            result,
            n,
        )
        for n, performer in enumerate(performers)
    ]
    threads = [threading.Thread(target=r.run, args=(until,), daemon=True) for r in repairers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return result
