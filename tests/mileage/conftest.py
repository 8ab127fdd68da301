"""An online scooter of the simulated fleet, for the mileage rule's service-level tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def scooter(workshop, simulator, vehicle_ids) -> str:
    """An online scooter of the simulated fleet; rep-1 repairs it at wh-1."""
    return vehicle_ids[0]
