"""rep-1 on shift at wh-1 with a repair of a scooter in progress, through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ControlCommand
from app.repairs.services import RepairRequest, start_repair
from app.shifts.services import start_shift

# Generous, so that a busy machine never turns a command Drive runs into a timeout; only the
# "timeout" fault waits this long.
COMMAND_TIMEOUT = 3.0


@pytest.fixture
def app_config(app_config):
    return app_config | {"DRIVE_COMMAND_TIMEOUT": COMMAND_TIMEOUT}


def audit_rows() -> list[ControlCommand]:
    """Every audit entry as stored now, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(select(ControlCommand).order_by(ControlCommand.id)))


def in_repair(vehicle_id: str, performer_id: str = "rep-1", repair_id: str | None = None) -> str:
    """Start the performer's repair of the scooter; returns its id."""
    repair_id = repair_id or f"r-{performer_id}-{vehicle_id}"
    start_repair(RepairRequest(repair_id, performer_id, vehicle_id, "wh-1"))
    return repair_id


@pytest.fixture
def on_shift(workshop) -> None:
    start_shift("rep-1", "wh-1")


@pytest.fixture
def scooter(on_shift, vehicle_ids) -> str:
    """A scooter in rep-1's repair r-1; rep-1 is on shift."""
    in_repair(vehicle_ids[0], repair_id="r-1")
    return vehicle_ids[0]
