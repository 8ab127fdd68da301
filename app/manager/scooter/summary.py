"""A scooter's page: what we know of it, and the facts its history is read against."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.mileage import last_known_reading, read_mileage_and_remember
from app.models import Repair, Vehicle
from app.scooters import history


@dataclass(frozen=True)
class ScooterSummary:
    """The head of a scooter's history page."""

    vehicle_id: str
    number: str | None
    model: str | None
    mileage_km: float | None  # Drive's mileage now, or the last one it told us
    mileage_is_live: bool
    repairs: int
    active_repair: Repair | None
    last_repair: history.LastRepair | None


def scooter_summary(vehicle_id: str) -> ScooterSummary:
    """Ask Drive for the mileage now (short timeout, and kept); fall back on what it said last."""
    live = read_mileage_and_remember(vehicle_id)
    known = db.session.get(Vehicle, vehicle_id)
    mileage = live if live is not None and live.km is not None else None
    if mileage is None and known is not None:
        mileage = last_known_reading(known)
    count = db.session.scalar(
        select(func.count()).select_from(Repair).where(Repair.vehicle_id == vehicle_id)
    )
    return ScooterSummary(
        vehicle_id=vehicle_id,
        number=known.number if known else None,
        model=known.model if known else None,
        mileage_km=mileage.km if mileage else None,
        mileage_is_live=mileage is not None and mileage is live,
        repairs=count or 0,
        active_repair=history.active_repair(vehicle_id),
        last_repair=history.last_repair(vehicle_id, mileage),
    )


def known_vehicle_id(scooter: str) -> str | None:
    """The vehicle id behind a typed plate number or id, if we have ever seen it."""
    vehicle = db.session.scalar(
        select(Vehicle.vehicle_id)
        .where((Vehicle.number == scooter) | (Vehicle.vehicle_id == scooter))
        .limit(1)
    )
    if vehicle is not None:
        return vehicle
    return db.session.scalar(select(Repair.vehicle_id).where(Repair.vehicle_id == scooter).limit(1))
