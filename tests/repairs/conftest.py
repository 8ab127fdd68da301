"""Repairs started through app.repairs.services itself, on the simulated fleet's scooters."""

from __future__ import annotations

import pytest

from app.repairs.services import RepairRequest, start_repair

# Generous, so that a busy machine never turns a read Drive answers into a timeout; only the
# "timeout" fault waits this long.
READ_TIMEOUT = 3.0


@pytest.fixture
def app_config(app_config):
    return app_config | {"DRIVE_READ_TIMEOUT": READ_TIMEOUT}


def request(
    repair_id: str = "r-1",
    performer_id: str = "rep-1",
    vehicle_id: str | None = None,
    place_id: str = "wh-1",
    *,
    scooters: list[str],
) -> RepairRequest:
    """A start request; the fleet's first scooter unless told otherwise."""
    return RepairRequest(repair_id, performer_id, vehicle_id or scooters[0], place_id)


@pytest.fixture
def scooters(workshop, vehicle_ids) -> list[str]:
    """Online scooters of the simulated fleet; wh-1, rep-1 and rep-2 exist."""
    return vehicle_ids


@pytest.fixture
def repair(scooters) -> str:
    """rep-1's repair r-1 of the first scooter, performing, without jobs."""
    start_repair(request(scooters=scooters))
    return "r-1"
