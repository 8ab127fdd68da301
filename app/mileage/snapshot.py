"""A repair's mileage snapshot, and filling in a missing one late.

A Drive outage never blocks a repair: a repair started while Drive is down has no mileage
snapshot, and the first successful read of that scooter fills it in. That is valid because a
scooter does not move while it is in the warehouse, so it is done only for the scooter's latest
repair while it performs or shortly after it ended (MILEAGE_BACKFILL_HOURS, default 24).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, or_, select, update

from app.clock import utcnow
from app.extensions import db
from app.mileage.same_job import fill_km_since_same_job
from app.models import Repair, Status


def _backfill_since() -> datetime:
    """The earliest end of a repair whose missing snapshot may still be filled in."""
    hours = current_app.config.get("MILEAGE_BACKFILL_HOURS", 24)
    return utcnow() - timedelta(hours=hours)


def _latest_repair(vehicle_id: str, *columns) -> Select:
    """These columns of the scooter's latest repair (by start, then id)."""
    return (
        select(*columns)
        .where(Repair.vehicle_id == vehicle_id)
        .order_by(Repair.started_at.desc(), Repair.id.desc())
        .limit(1)
    )


def may_fill_start_mileage(status: str, finished_at: datetime | None) -> bool:
    """Could a Drive read still fill in the missing snapshot of the scooter's latest repair,
    which has this status and end? While it performs, or up to MILEAGE_BACKFILL_HOURS after
    it ended: the window `fill_missing_start_mileage` writes in."""
    return status == Status.PERFORMING or (
        finished_at is not None and finished_at >= _backfill_since()
    )


def start_mileage_missing(vehicle_id: str) -> bool:
    """Does the scooter's latest repair still lack its mileage snapshot?"""
    latest = db.session.execute(
        _latest_repair(vehicle_id, Repair.mileage_km_at_start, Repair.id)
    ).first()
    return latest is not None and latest.mileage_km_at_start is None


def fill_missing_start_mileage(vehicle_id: str, mileage_km: float) -> bool:
    """Give the scooter's latest repair this snapshot if it lacks one and is in the window
    (`may_fill_start_mileage`), and then its jobs their km since the same job; in the
    caller's write transaction. Did it fill one?"""
    filled = db.session.execute(
        update(Repair)
        .where(
            Repair.id == _latest_repair(vehicle_id, Repair.id).scalar_subquery(),
            Repair.mileage_km_at_start.is_(None),
            or_(Repair.status == Status.PERFORMING, Repair.finished_at >= _backfill_since()),
        )
        .values(mileage_km_at_start=mileage_km)
        .execution_options(synchronize_session=False)
    )
    if filled.rowcount == 0:
        return False
    # The repair's jobs may now have their km since the same job before.
    fill_km_since_same_job(vehicle_id)
    return True
