"""The mileage rule, in one place: Drive's reading, the snapshot at a repair's start, the late
backfill of a missing snapshot, and the km since the same job.

- `readings`: asking Drive for a car and keeping what it said (`vehicles`), and how old a kept
  reading may be for "km since the last repair" (MILEAGE_MAX_AGE_SECONDS).
- `snapshot`: a repair started while Drive is down has no mileage; the next successful read of
  that scooter fills it in (MILEAGE_BACKFILL_HOURS).
- `same_job`: the km a scooter rode between two repairs that completed the same job type.

A read of Drive here may write three tables (the car's row in `vehicles`, the snapshot of its
latest repair in `repairs`, that repair's jobs' km in `jobs`), so every function that does says
so in its name: `..._and_remember`, `fill_...`. The others only read.
"""

from app.mileage.readings import (
    CarReading,
    MileageReading,
    fresh_reading,
    fresh_reading_or_read_and_remember,
    last_known_reading,
    read_car_and_remember,
    read_mileage_and_remember,
    read_start_mileage_and_remember,
)
from app.mileage.same_job import fill_km_since_same_job, km_since_same_job_update
from app.mileage.snapshot import fill_missing_start_mileage, may_fill_start_mileage

__all__ = [
    "CarReading",
    "MileageReading",
    "fill_km_since_same_job",
    "fill_missing_start_mileage",
    "fresh_reading",
    "fresh_reading_or_read_and_remember",
    "km_since_same_job_update",
    "last_known_reading",
    "may_fill_start_mileage",
    "read_car_and_remember",
    "read_mileage_and_remember",
    "read_start_mileage_and_remember",
]
