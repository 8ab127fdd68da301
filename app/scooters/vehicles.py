"""Asking Drive about a vehicle, remembering what it said, and filling in missing mileage.

A Drive outage never blocks a repair: a repair started while Drive is down has no mileage
snapshot, and the first successful read of that scooter fills it in. That is valid because a
scooter does not move while it is in the warehouse, so it is done only for the scooter's latest
repair while it performs or shortly after it ended (MILEAGE_BACKFILL_HOURS, default 24).

What Drive said is kept with the time we got its answer (`vehicles.seen_at`), so "km since the
last repair" can use a reading without asking Drive again, and say how old it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.clock import utcnow
from app.database import write_transaction
from app.drive import Car, DriveError, DriveNotFound, get_drive
from app.errors import Unprocessable
from app.extensions import db
from app.models import Repair, Status, Vehicle
from app.repairs.km_between import km_since_same_type_update

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


def fetch_car(vehicle_id: str | None = None, *, number: str | None = None) -> Car:
    """Drive's car details (raises DriveError); remembers them and fills in missing mileage."""
    return read_car(vehicle_id, number=number).car


def read_car(vehicle_id: str | None = None, *, number: str | None = None) -> CarReading:
    """`fetch_car`, with the time of the reading."""
    car = get_drive().get_car(vehicle_id, number=number)
    read_at = utcnow()
    remember(car, read_at)
    return CarReading(car, read_at)


def remember(car: Car, read_at: datetime) -> None:
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
    if unchanged and not _mileage_missing(car.vehicle_id):
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
        if car.mileage_km is not None and _backfill_mileage(car.vehicle_id, car.mileage_km):
            # The repair's jobs may now have their km since the same job before.
            db.session.execute(km_since_same_type_update(car.vehicle_id))


def _mileage_missing(vehicle_id: str) -> bool:
    """Does the scooter's latest repair still lack its mileage snapshot?"""
    latest = db.session.execute(
        select(Repair.mileage_km_at_start, Repair.id)
        .where(Repair.vehicle_id == vehicle_id)
        .order_by(Repair.started_at.desc(), Repair.id.desc())
        .limit(1)
    ).first()
    return latest is not None and latest.mileage_km_at_start is None


def _backfill_mileage(vehicle_id: str, mileage_km: float) -> bool:
    hours = current_app.config.get("MILEAGE_BACKFILL_HOURS", 24)
    latest = (
        select(Repair.id)
        .where(Repair.vehicle_id == vehicle_id)
        .order_by(Repair.started_at.desc(), Repair.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    filled = db.session.execute(
        update(Repair)
        .where(
            Repair.id == latest,
            Repair.mileage_km_at_start.is_(None),
            or_(
                Repair.status == Status.PERFORMING,
                Repair.finished_at >= utcnow() - timedelta(hours=hours),
            ),
        )
        .values(mileage_km_at_start=mileage_km)
        .execution_options(synchronize_session=False)
    )
    return filled.rowcount > 0


def _max_age() -> timedelta:
    """MILEAGE_MAX_AGE_SECONDS: how old a kept reading may be for "km since the last repair"."""
    return timedelta(seconds=current_app.config.get("MILEAGE_MAX_AGE_SECONDS", 600))


def _seen_refresh() -> timedelta:
    """How old `seen_at` may be before an unchanged reading writes it again.

    Half the max age, so that a reading the history API had to ask Drive for is kept, and the
    card's reads keep a scooter's reading fresh enough that the history API need not ask. At
    most an hour; with a max age of 0 the history API never uses a kept reading, so an hour.
    """
    half = _max_age() / 2
    return half if timedelta(0) < half < SEEN_REFRESH else SEEN_REFRESH


def fresh_reading(reading: MileageReading | None) -> MileageReading | None:
    """`reading` if it is at most MILEAGE_MAX_AGE_SECONDS old (never when that is 0)."""
    if reading is None or _max_age() <= timedelta(0) or utcnow() - reading.read_at > _max_age():
        return None
    return reading


def recent_reading(vehicle_id: str, kept: MileageReading | None) -> MileageReading | None:
    """The `kept` reading if it is fresh enough, else Drive's now; None when neither is had."""
    return fresh_reading(kept) or drive_reading(vehicle_id)


def drive_reading(vehicle_id: str) -> MileageReading | None:
    """Drive's mileage now (remembered, and filling in a missing snapshot); None if it fails."""
    try:
        return read_car(vehicle_id).mileage
    except DriveError:
        return None


def snapshot_still_missing(status: str, finished_at: datetime | None) -> bool:
    """Could a Drive read still fill in this repair's missing mileage snapshot?

    The scooter's latest repair, while it performs or up to MILEAGE_BACKFILL_HOURS after it
    ended (the same window `_backfill_mileage` writes in).
    """
    hours = current_app.config.get("MILEAGE_BACKFILL_HOURS", 24)
    return status == Status.PERFORMING or (
        finished_at is not None and finished_at >= utcnow() - timedelta(hours=hours)
    )


def mileage_for_start(vehicle_id: str) -> float | None:
    """The mileage to snapshot when a repair starts: None when Drive cannot say now.

    Only Drive's own "no such car" stops a repair (422 unknown_vehicle).
    """
    try:
        car = get_drive().get_car(vehicle_id)
    except DriveNotFound:
        raise Unprocessable(
            f"Drive knows no vehicle {vehicle_id!r}.", code="unknown_vehicle"
        ) from None
    except DriveError as error:
        current_app.logger.warning("Drive unavailable at repair start of %s: %r", vehicle_id, error)
        return None
    remember(car, utcnow())
    return car.mileage_km


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
