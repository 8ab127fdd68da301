"""When people work: local working days and shift hours in each warehouse's time zone, and how
many repairs and jobs each shift and repair gets so that the totals are exact."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKS_ON_A_WEEKDAY = 0.7  # days off, schedules and holidays; Sundays every warehouse is closed
SUNDAY = 6


def history_days(days: int, now: datetime) -> list[date]:
    """The `days` dates before today (UTC), oldest first."""
    today = now.astimezone(UTC).date()
    return [today - timedelta(days=n) for n in range(days, 0, -1)]


def local_midnights(zone: str, days: list[date]) -> list[float]:
    """Epoch seconds of the start of each local date in `zone` (zoneinfo knows DST)."""
    tz = ZoneInfo(zone)
    return [datetime.combine(day, time(0), tz).timestamp() for day in days]


def working_days(days: list[date], people: int, rng: random.Random) -> bytearray:
    """For each (day, person), at index day * people + person: 1 when the person works."""
    works = bytearray(len(days) * people)
    for d, day in enumerate(days):
        if day.weekday() == SUNDAY:
            continue
        base = d * people
        for person in range(people):
            if rng.random() < WORKS_ON_A_WEEKDAY:
                works[base + person] = 1
    return works


def spread(total: int, slots: int, rng: random.Random, at_most: int = 4) -> bytearray:
    """`total` items put into `slots` slots at random, at most `at_most` (raised if needed) each."""
    if slots == 0:
        raise ValueError("no working shift to put repairs in: too few days or repairers")
    cap = min(255, max(at_most, math.ceil(2 * total / slots)))
    if total > cap * slots:
        raise ValueError("too many repairs for the shifts available")
    counts = bytearray(slots)
    draw = rng.randrange
    for _ in range(total):
        slot = draw(slots)
        while counts[slot] >= cap:
            slot = draw(slots)
        counts[slot] += 1
    return counts


def jobs_per_repair(repairs: int, jobs: int, rng: random.Random) -> bytearray:
    """How many jobs each repair has: 1 + binomial, averaging jobs / repairs, summing exactly."""
    mean = jobs / repairs
    most = max(9, math.ceil(2 * mean))
    p = (mean - 1) / (most - 1)
    weights = [math.comb(most - 1, k) * p**k * (1 - p) ** (most - 1 - k) for k in range(most)]
    counts = bytearray(rng.choices(range(1, most + 1), weights=weights, k=repairs))
    missing = jobs - sum(counts)
    step = 1 if missing > 0 else -1
    while missing:
        i = rng.randrange(repairs)
        if 1 <= counts[i] + step <= most:
            counts[i] += step
            missing -= step
    return counts
