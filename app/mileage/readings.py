"""Asking Drive for a car, keeping what it said, and how old a kept mileage reading may be.

What Drive said is kept with the time we got its answer (`vehicles.seen_at`), so "km since the
last repair" can use a reading without asking Drive again, and say how old it is. Every read of
Drive here keeps its answer and fills in a missing snapshot (`_remember`), and says so in its
name (`..._and_remember`); this is the only caller of Drive's details read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.clock import utcnow
from app.complaints.drive_tags import import_broken_tags
from app.database import write_transaction
from app.drive import Car, DriveError, DriveNotFound, get_drive
from app.errors import Unprocessable
from app.extensions import db
from app.mileage.snapshot import fill_missing_start_mileage, start_mileage_missing
from app.models import Vehicle

# How stale `vehicles.seen_at` may grow before a read that changed nothing still writes it
# (at most; see `_seen_refresh`).
SEEN_REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class MileageReading:
    """The mileage Drive reported (None: it had none) and when we got its answer."""

    km: float | None
    read_at: datetime


@dataclass(frozen=True)
class CarReading:
    """Drive's car details and when we got them."""

    car: Car
    read_at: datetime

    @property
    def mileage(self) -> MileageReading:
        return MileageReading(self.car.mileage_km, self.read_at)


def read_car_and_remember(
    vehicle_id: str | None = None, *, number: str | None = None
) -> CarReading:
    """Drive's car details and the time of the reading (raises DriveError).

    Writes what Drive said (`_remember`): the car's row, and a missing snapshot of its latest
    repair with that repair's km since the same job; and its new `broken` tags as complaints.
    """
    car = get_drive().get_car(vehicle_id, number=number)
    read_at = utcnow()
    _remember(car, read_at)
    # Its `broken` tags become complaints (each once): every read of a scooter passes here.
    import_broken_tags(car)
    return CarReading(car, read_at)


def read_mileage_and_remember(vehicle_id: str) -> MileageReading | None:
    """Drive's mileage now, kept as `read_car_and_remember` keeps it; None if Drive fails."""
    try:
        return read_car_and_remember(vehicle_id).mileage
    except DriveError:
        return None


def read_start_mileage_and_remember(vehicle_id: str) -> float | None:
    """The mileage to snapshot when a repair starts: None when Drive cannot say now.

    Only Drive's own "no such car" stops a repair (422 unknown_vehicle). Kept as
    `read_car_and_remember` keeps it.
    """
    try:
        return read_car_and_remember(vehicle_id).car.mileage_km
    except DriveNotFound:
        raise Unprocessable(
            f"Drive knows no vehicle {vehicle_id!r}.", code="unknown_vehicle"
        ) from None
    except DriveError as error:
        current_app.logger.warning("Drive unavailable at repair start of %s: %r", vehicle_id, error)
        return None


def last_known_reading(vehicle: Vehicle) -> MileageReading:
    """The mileage Drive last told us of the scooter, and when (pages say "last known")."""
    return MileageReading(vehicle.mileage_km, vehicle.seen_at)


def fresh_reading(reading: MileageReading | None) -> MileageReading | None:
    """`reading` if it is at most MILEAGE_MAX_AGE_SECONDS old (never when that is 0)."""
    if reading is None or _max_age() <= timedelta(0) or utcnow() - reading.read_at > _max_age():
        return None
    return reading


def fresh_reading_or_read_and_remember(
    vehicle_id: str, kept: MileageReading | None
) -> MileageReading | None:
    """The `kept` reading if it is fresh enough, else Drive's now (kept as
    `read_car_and_remember` keeps it); None when neither is had."""
    return fresh_reading(kept) or read_mileage_and_remember(vehicle_id)


def _remember(car: Car, read_at: datetime) -> None:
    """Keep the car's number, model and mileage; backfill the mileage of its latest repair.

    Most reads change nothing, and then nothing is written: on SQLite every write takes the
    one write lock, so a read-only page must not need it. So `seen_at` is the time of the
    reading that last wrote: Drive did report these values then (later reads may have said
    the same). It is brought up to date often enough that the history API can use it
    (`_seen_refresh`).
    """
    known = db.session.get(Vehicle, car.vehicle_id)
    unchanged = (
        known is not None
        and (known.number, known.model, known.mileage_km) == (car.number, car.model, car.mileage_km)
        and read_at - known.seen_at < _seen_refresh()
    )
    if unchanged and not start_mileage_missing(car.vehicle_id):
        return
    values = {
        "number": car.number,
        "model": car.model,
        "mileage_km": car.mileage_km,
        "seen_at": read_at,
    }
    insert = sqlite_insert if db.engine.dialect.name == "sqlite" else postgresql_insert
    upsert = insert(Vehicle).values(vehicle_id=car.vehicle_id, **values)
    with write_transaction():
        # Many workers may see the same car at once: an upsert, not read-then-insert.
        db.session.execute(upsert.on_conflict_do_update(index_elements=["vehicle_id"], set_=values))
        if car.mileage_km is not None:
            fill_missing_start_mileage(car.vehicle_id, car.mileage_km)


def _max_age() -> timedelta:
    """MILEAGE_MAX_AGE_SECONDS: how old a kept reading may be for "km since the last repair"."""
    return timedelta(seconds=current_app.config["MILEAGE_MAX_AGE_SECONDS"])


def _seen_refresh() -> timedelta:
    """How old `seen_at` may be before an unchanged reading writes it again.

    Half the max age, so that a reading the history API had to ask Drive for is kept, and the
    card's reads keep a scooter's reading fresh enough that the history API need not ask. At
    most an hour; with a max age of 0 the history API never uses a kept reading, so an hour.
    """
    half = _max_age() / 2
    return half if timedelta(0) < half < SEEN_REFRESH else SEEN_REFRESH
