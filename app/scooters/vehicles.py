"""What Drive told us before of a scooter, looked up by id or plate number.

Only `app.mileage.readings` writes these rows, when Drive answers a read.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Vehicle


def known_number(vehicle_id: str) -> str | None:
    """The scooter's number as Drive last told it, if ever."""
    vehicle = db.session.get(Vehicle, vehicle_id)
    return vehicle.number if vehicle else None


def known_by_number(number: str) -> Vehicle | None:
    """The scooter behind a plate number, as Drive told us before."""
    return db.session.scalar(
        select(Vehicle).where(Vehicle.number == number).order_by(Vehicle.seen_at.desc()).limit(1)
    )


def known_vehicle_id(number: str) -> str | None:
    """The vehicle id behind a plate number, from what Drive told us before."""
    known = known_by_number(number)
    return known.vehicle_id if known else None
