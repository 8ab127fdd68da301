"""Two years of shifts, repairs, jobs and audited commands, streamed row by row to the loader.

Consistent with every rule of the app: jobs run one after another inside their repair's span;
a completed repair has at least one completed job; nothing is left performing; a scooter is
never in two repairs at once; its mileage grows over time. Rows come out roughly in time order
(day by day), as an app in production would have inserted them, so ids follow time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.demo.people import JOB_MINUTES
from bench import calendar
from bench.presets import Preset
from bench.world import World

Row = tuple[Any, ...]
REPAIR_STATUS = ((0.90, "completed"), (0.96, "failed"), (1.01, "cancelled"))
JOB_STATUS = {  # the mix of job statuses, by the status of their repair
    "completed": ((0.94, "completed"), (0.98, "failed"), (1.01, "cancelled")),
    "failed": ((0.50, "completed"), (0.90, "failed"), (1.01, "cancelled")),
    "cancelled": ((0.40, "completed"), (0.45, "failed"), (1.01, "cancelled")),
}
COMMENTS = ("нет запчасти на складе", "нужна замена мотор-колеса", "передать в сервис-центр")
ACTIONS = ("open_deck", "self_test", "headlight_on", "headlight_off", "unblock_wheel", "open_lock")
COMMANDS_PER_REPAIR = (0, 0, 1, 1, 1, 1, 2, 2, 2, 3)
OK_RESULT = '{"deck_open": true, "headlight_on": false, "lock_open": false, "wheel_blocked": false}'
MILEAGE_UNKNOWN_BEFORE_DAYS = 90  # Drive outages left some old repairs without a mileage
LEMON_SHARE, LEMON_ODDS = 5, 0.35  # a fifth of each pool breaks far more often


@dataclass
class Out:
    """Where rows go, one callable per table, and how a time (epoch seconds) is written."""

    shifts: Callable[[Row], None]
    repairs: Callable[[Row], None]
    jobs: Callable[[Row], None]
    commands: Callable[[Row], None]
    time: Callable[[float], Any]


def _pick(table: tuple[tuple[float, str], ...], u: float) -> str:
    for bound, value in table:
        if u < bound:
            return value
    return table[-1][1]


class History:
    """Generates the history of `preset` on `world`, ending at `now`."""

    def __init__(self, preset: Preset, world: World, rng: random.Random, now: datetime) -> None:
        self.preset, self.world, self.rng = preset, world, rng
        self.now = now.timestamp()
        self.days = calendar.history_days(preset.days, now)
        zones = {zone for _p, _n, zone in world.places}
        by_zone = {zone: calendar.local_midnights(zone, self.days) for zone in zones}
        self.midnights = [by_zone[zone] for _p, _n, zone in world.places]
        self.busy = [0.0] * len(world.vehicles)
        every = range(len(world.vehicles))
        self.pools = [world.pool(p) or every for p in range(len(world.places))]
        self.types = list(JOB_MINUTES)
        self.lognormal = [rng.lognormvariate(0, 0.35) for _ in range(4096)]
        self.counts = {"shifts": 0, "repairs": 0, "jobs": 0, "commands": 0}

    def run(self, out: Out, progress: Callable[[int], None] = lambda _n: None) -> dict[str, int]:
        """Write every row to `out`; call `progress(repairs so far)` now and then."""
        preset, rng, people = self.preset, self.rng, len(self.world.repairers)
        works = calendar.working_days(self.days, people, rng)
        per_shift = calendar.spread(preset.repairs, sum(works), rng)
        self.jobs_each = calendar.jobs_per_repair(preset.repairs, preset.jobs, rng)
        slot, every = 0, max(1, preset.repairs // 20)
        for d in range(len(self.days)):
            base = d * people
            for r, (performer_id, _name, place) in enumerate(self.world.repairers):
                if not works[base + r]:
                    continue
                start = self.midnights[place][d] + 8 * 3600 + rng.random() * 5400
                end = start + 8 * 3600 + rng.random() * 3600
                self.counts["shifts"] += 1
                place_id = self.world.places[place][0]
                out.shifts(
                    (self.counts["shifts"], performer_id, place_id, out.time(start), out.time(end))
                )
                moment = start + 300 + rng.random() * 900
                for _ in range(per_shift[slot]):
                    moment = self._repair(out, performer_id, place, moment)
                    moment += 300 + rng.random() * 2100
                    if self.counts["repairs"] % every == 0:
                        progress(self.counts["repairs"])
                slot += 1
        return self.counts

    def _scooter(self, place: int, at: float) -> tuple[int, float]:
        """A scooter of the warehouse that is free at `at` (or the first to be free, and when)."""
        pool, rng, busy = self.pools[place], self.rng, self.busy
        lemons = max(1, len(pool) // LEMON_SHARE)
        for _ in range(30):
            v = pool[rng.randrange(lemons if rng.random() < LEMON_ODDS else len(pool))]
            if busy[v] <= at:
                return v, at
        v = min(pool, key=busy.__getitem__)
        return v, max(at, busy[v] + 600)

    def _repair(self, out: Out, performer_id: str, place: int, start: float) -> float:
        rng, t = self.rng, out.time
        v, start = self._scooter(place, start)
        n = self.counts["repairs"]
        self.counts["repairs"] = repair_pk = n + 1
        status = _pick(REPAIR_STATUS, rng.random())
        k = self.jobs_each[n]
        types = rng.sample(self.types, k) if k <= len(self.types) else rng.choices(self.types, k=k)
        job_mix = JOB_STATUS[status]
        statuses = [_pick(job_mix, rng.random()) for _ in types]
        if status == "completed" and "completed" not in statuses:
            statuses[rng.randrange(k)] = "completed"
        moment = start + 60 + rng.random() * 180
        jobs = []
        for job_type, job_status in zip(types, statuses, strict=True):
            seconds = JOB_MINUTES[job_type] * 60 * self.lognormal[rng.getrandbits(12)]
            if job_status != "completed":
                seconds *= 0.2 + 0.8 * rng.random()
            self.counts["jobs"] += 1
            token = f"{rng.getrandbits(128):032x}"
            jobs.append(
                (
                    self.counts["jobs"],
                    token,
                    repair_pk,
                    job_type,
                    job_status,
                    t(moment),
                    t(moment + seconds),
                )
            )
            moment += seconds + 60 + rng.random() * 240
        repair_id = f"{rng.getrandbits(128):032x}"
        # The repair goes out before the rows that refer to it: SQLite checks foreign keys
        # batch by batch.
        out.repairs(
            (
                repair_pk,
                repair_id,
                performer_id,
                self.world.vehicles[v][0],
                self.world.places[place][0],
                status,
                t(start),
                t(moment),
                self._mileage(v, start),
                self._comment(status),
            )
        )
        for job in jobs:
            out.jobs(job)
        self._commands(out, performer_id, v, repair_id, start, moment)
        self.busy[v] = moment
        return moment

    def _mileage(self, v: int, at: float) -> float | None:
        days_ago = (self.now - at) / 86400
        if days_ago > MILEAGE_UNKNOWN_BEFORE_DAYS and self.rng.random() < 0.01:
            return None
        return round(self.world.vehicles[v][3] - self.world.km_per_day[v] * days_ago, 1)

    def _comment(self, status: str) -> str | None:
        if status == "completed" or self.rng.random() < 0.5:
            return None
        return self.rng.choice(COMMENTS)

    def _commands(self, out: Out, performer_id: str, v: int, repair_id: str, start, end) -> None:
        rng, t, vehicle_id = self.rng, out.time, self.world.vehicles[v][0]
        for _ in range(COMMANDS_PER_REPAIR[rng.randrange(10)]):
            at = start + rng.random() * (end - start)
            u = rng.random()
            outcome, error, detail, result = (
                ("ok", None, None, OK_RESULT)
                if u < 0.93
                else ("failed", "drive_error", "car_offline: the car is offline", None)
                if u < 0.97
                else ("unknown", "drive_timeout", None, None)
                if u < 0.995
                else ("denied", "not_on_shift", None, None)
            )
            self.counts["commands"] += 1
            channel = "tablet" if rng.random() < 0.85 else "api"
            out.commands(
                (
                    self.counts["commands"],
                    performer_id,
                    vehicle_id,
                    repair_id,
                    rng.choice(ACTIONS),
                    channel,
                    outcome,
                    error,
                    detail,
                    result,
                    t(at),
                    t(at + 0.3 + rng.random() * 3.7),
                )
            )
