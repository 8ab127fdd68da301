"""Releasing a scooter: ready to go out. Recorded at once; Drive hears of it through the
outbox (its resolved complaints' `broken` tags removed, the ready tag added), which retries
until Drive confirms, whatever Drive's state at the moment of the release."""

from __future__ import annotations

from sqlalchemy import select

from app.clock import utcnow
from app.complaints.drive_tags import is_drive_tag
from app.database import write_transaction
from app.errors import Conflict
from app.extensions import db
from app.models import ACTIVE, Complaint, Place, Repair, StageEvent
from app.outbox import enqueue
from app.stages import hooks
from app.stages.events import StageRequest, find, new_event
from app.vocabulary import READY_TAG, ComplaintStatus, Stage, TagWrite


def release(event_id: str, vehicle_id: str, place: Place, by: str) -> tuple[StageEvent, bool]:
    """Record the scooter released from `place`, and queue what Drive must be told.

    Idempotent on `event_id` (a double tap is one release). 409 `vehicle_in_repair` while a
    repair of the scooter is in progress. Returns (event, created).
    """
    existing = find(event_id)
    if existing is not None:
        return existing, False
    with write_transaction(keep_loaded=True):
        in_repair = select(Repair.repair_id).where(
            Repair.vehicle_id == vehicle_id, Repair.status == ACTIVE
        )
        if db.session.scalar(in_repair) is not None:
            raise Conflict("The scooter is still in repair.", code="vehicle_in_repair")
        event = new_event(
            StageRequest(event_id, vehicle_id, Stage.RELEASED, place_id=place.place_id, by=by)
        )
        resolved = _resolved_not_yet_told(vehicle_id)
        for complaint in resolved:
            complaint.released_at = event.at
        tags = [c.tag_id for c in resolved if c.tag_id and is_drive_tag(c.tag_id)]
        _tell_drive(vehicle_id, tags, event, _ready_comment(place, resolved))
    hooks.stage_recorded(event)
    hooks.scooter_released(event, tags)
    return event, True


def _resolved_not_yet_told(vehicle_id: str) -> list[Complaint]:
    return list(
        db.session.scalars(
            select(Complaint)
            .where(
                Complaint.vehicle_id == vehicle_id,
                Complaint.status == ComplaintStatus.RESOLVED,
                Complaint.released_at.is_(None),
            )
            .with_for_update()
        )
    )


def _ready_comment(place: Place, resolved: list[Complaint]) -> str:
    fixed = "; ".join(c.text for c in resolved if c.text)[:500]
    stamp = utcnow().strftime("%Y-%m-%d %H:%M UTC")
    return f"Released from {place.name} at {stamp}" + (f"; fixed: {fixed}" if fixed else "")


def _tell_drive(vehicle_id: str, tag_ids: list[str], event: StageEvent, comment: str) -> None:
    """Queue, in the release's own transaction, the Drive writes the release stands for:
    remove each resolved complaint's `broken` tag, add the ready tag. Keys make each write
    happen once, however often this release is replayed."""
    for tag_id in tag_ids:
        enqueue(vehicle_id, TagWrite.REMOVE_TAG, {"tag_id": tag_id}, f"remove_tag:{tag_id}")
    enqueue(
        vehicle_id,
        TagWrite.ADD_TAG,
        {"tag": READY_TAG, "comment": comment},
        f"add_tag:{READY_TAG}:{event.event_id}",
    )
