"""Asking Drive about a vehicle, remembering what it said, and filling in missing mileage.

A Drive outage never blocks a repair: a repair started while Drive is down has no mileage
snapshot, and the first successful read of that scooter fills it in. That is valid because a
scooter does not move while it is in the warehouse, so it is done only for the scooter's latest
repair while it performs or shortly after it ended (MILEAGE_BACKFILL_HOURS, default 24).
"""

from __future__ import annotations

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

# How stale `vehicles.seen_at` may grow before a read that changed nothing still writes it.
SEEN_REFRESH = timedelta(hours=1)


def fetch_car(vehicle_id: str | None = None, *, number: str | None = None) -> Car:
    """Drive's car details (raises DriveError); remembers them and fills in missing mileage."""
    car = get_drive().get_car(vehicle_id, number=number)
    remember(car)
    return car


def remember(car: Car) -> None:
    """Keep the car's number, model and mileage; backfill the mileage of its latest repair.

    Most reads change nothing, and then nothing is written: on SQLite every write takes the
    one write lock, so a read-only page must not need it. `seen_at` is brought up to date at
    most once an hour, so it says when Drive last confirmed the mileage, give or take an hour.
    """
    known = db.session.get(Vehicle, car.vehicle_id)
    unchanged = (
        known is not None
        and (known.number, known.model, known.mileage_km) == (car.number, car.model, car.mileage_km)
        and utcnow() - known.seen_at < SEEN_REFRESH
    )
    if unchanged and not _mileage_missing(car.vehicle_id):
        return
    values = {
        "number": car.number,
        "model": car.model,
        "mileage_km": car.mileage_km,
        "seen_at": utcnow(),
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


def recent_mileage(vehicle_id: str) -> float | None:
    """The scooter's mileage as Drive reported it lately, for "km since the last repair".

    What Drive said within MILEAGE_MAX_AGE_HOURS (default 1) is used as it is; an older or
    missing figure costs a call to Drive (which also fills in a missing snapshot). None when
    Drive cannot say and we know nothing recent enough.
    """
    known = db.session.execute(
        select(Vehicle.mileage_km, Vehicle.seen_at).where(Vehicle.vehicle_id == vehicle_id)
    ).first()
    if known is not None:
        return mileage_or_ask_drive(vehicle_id, *known)
    return drive_mileage(vehicle_id)


def mileage_or_ask_drive(
    vehicle_id: str, mileage_km: float | None, seen_at: datetime | None
) -> float | None:
    """`mileage_km`, read from our records, if Drive reported it lately enough; else Drive's."""
    max_age = timedelta(hours=current_app.config.get("MILEAGE_MAX_AGE_HOURS", 1))
    if mileage_km is not None and seen_at is not None and utcnow() - seen_at <= max_age:
        return mileage_km
    return drive_mileage(vehicle_id)


def drive_mileage(vehicle_id: str) -> float | None:
    """The mileage Drive reports now (remembered, and filling in a missing snapshot)."""
    try:
        return fetch_car(vehicle_id).mileage_km
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
    remember(car)
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
