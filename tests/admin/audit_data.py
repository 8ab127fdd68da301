"""Audit entries written straight into the log, at chosen times, for the audit page tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import ControlCommand, Vehicle
from tests import factories

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


def people() -> None:
    """Two repairers and the scooters they worked on, as Drive told us."""
    factories.make_user("rep-1", "Иван Петров")
    factories.make_user("rep-2", "Пётр Иванов")
    db.session.add_all(
        [
            Vehicle(vehicle_id="veh-a", number="0421", model="ninebot_max_g30"),
            Vehicle(vehicle_id="veh-b", number="0007", model="xiaomi_pro_2"),
        ]
    )
    db.session.commit()


def entry(
    minutes: float = 0,
    performer_id: str = "rep-1",
    vehicle_id: str = "veh-a",
    action: str = "open_deck",
    outcome: str = "ok",
    **fields,
) -> ControlCommand:
    """One settled entry, requested `minutes` after T0."""
    at = T0 + timedelta(minutes=minutes)
    command = ControlCommand(
        performer_id=performer_id,
        vehicle_id=vehicle_id,
        action=action,
        outcome=outcome,
        requested_at=at,
        finished_at=fields.pop("finished_at", at + timedelta(seconds=2)),
        **fields,
    )
    db.session.add(command)
    db.session.commit()
    return command
