"""Scooters of the simulated fleet and repairs of them, made through the repair services."""

from __future__ import annotations

import pytest

from app.repairs.services import RepairRequest, finish_job, finish_repair, start_job, start_repair

# Generous, so that a busy machine never turns a read Drive answers into a timeout; only the
# "timeout" fault waits this long.
READ_TIMEOUT = 3.0


@pytest.fixture
def app_config(app_config):
    return app_config | {"DRIVE_READ_TIMEOUT": READ_TIMEOUT}


@pytest.fixture
def scooter(workshop, simulator, vehicle_ids):
    """An online scooter of the simulated fleet (its fleet description); wh-1, rep-1, rep-2."""
    return simulator.scooter(vehicle_ids[0])


def repaired(
    vehicle_id: str,
    repair_id: str,
    status: str = "completed",
    jobs: tuple[str, ...] = ("grips",),
    performer_id: str = "rep-1",
) -> str:
    """A repair of the scooter ended with `status`, its `jobs` completed ("performing": left
    running, with no end). Drive is asked for the mileage at its start, as the app does."""
    start_repair(RepairRequest(repair_id, performer_id, vehicle_id, "wh-1"))
    for n, job_type in enumerate(jobs):
        start_job(repair_id, f"{repair_id}-j{n}", job_type)
        finish_job(f"{repair_id}-j{n}")
    if status != "performing":
        finish_repair(repair_id, status)
    return repair_id
