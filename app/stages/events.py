"""Recording a scooter's stage events, idempotent on the client's `event_id`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.database import write_transaction
from app.errors import InvalidRequest, Unprocessable
from app.events.kinds import EventKind
from app.events.record import record
from app.extensions import db
from app.models import Place, StageEvent
from app.stages import hooks
from app.vocabulary import Stage

# A time reported by a client may run this far ahead of ours (clocks differ), no further.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class StageRequest:
    """One stage of one scooter, as a client reports it."""

    event_id: str
    vehicle_id: str
    stage: str
    place_id: str | None = None
    by: str | None = None
    reason: str | None = None
    at: datetime | None = None  # None: now


def record_stage(req: StageRequest) -> tuple[StageEvent, bool]:
    """Record the stage, or recognise a retry. Returns (event, created)."""
    existing = find(req.event_id)
    if existing is not None:
        return _replayed(existing, req), False
    _check(req)
    try:
        with write_transaction():
            event = new_event(req)
    except IntegrityError:
        existing = find(req.event_id)  # a parallel retry committed it first
        if existing is None:
            raise
        return _replayed(existing, req), False
    hooks.stage_recorded(event)
    return event, True


def new_event(req: StageRequest) -> StageEvent:
    """Add the event to the caller's write transaction."""
    event = StageEvent(
        event_id=req.event_id,
        vehicle_id=req.vehicle_id,
        stage=req.stage,
        at=req.at or utcnow(),
        place_id=req.place_id,
        by=req.by,
        reason=req.reason,
    )
    db.session.add(event)
    db.session.flush()
    _record(event)
    return event


def _record(event: StageEvent) -> None:
    """The feed's event (app/events), in the same transaction: `scooter.released` for a
    release, `scooter.stage` for every other stage."""
    if event.stage == Stage.RELEASED:
        data = {"event_id": event.event_id, "place_id": event.place_id}
        record(EventKind.SCOOTER_RELEASED, vehicle_id=event.vehicle_id, data=data)
        return
    data = {
        "event_id": event.event_id,
        "stage": event.stage,
        "place_id": event.place_id,
        "reason": event.reason,
    }
    record(EventKind.SCOOTER_STAGE, vehicle_id=event.vehicle_id, data=data)


def find(event_id: str) -> StageEvent | None:
    """The stage event with this id, or None."""
    return db.session.scalar(select(StageEvent).where(StageEvent.event_id == event_id))


def _check(req: StageRequest) -> None:
    if req.stage == Stage.LEFT_UNREPAIRED and not req.reason:
        raise InvalidRequest("Say why the scooter leaves unrepaired.", field="reason")
    if req.stage == Stage.ARRIVED and req.place_id is None:
        raise InvalidRequest("Say which warehouse the scooter arrived at.", field="place_id")
    if req.at is not None and req.at > utcnow() + CLOCK_SKEW:
        raise InvalidRequest("The time is in the future.", field="at")
    if req.place_id is not None:
        place = db.session.get(Place, req.place_id)
        if place is None or not place.active:
            raise Unprocessable(f"No active place {req.place_id!r}.", code="unknown_place")


def _replayed(event: StageEvent, req: StageRequest) -> StageEvent:
    same = (event.vehicle_id, event.stage, event.place_id, event.by, event.reason) == (
        req.vehicle_id,
        req.stage,
        req.place_id,
        req.by,
        req.reason,
    )
    if not same or (req.at is not None and req.at != event.at):
        raise Unprocessable(
            f"Event {req.event_id!r} was recorded with other parameters.",
            code="idempotency_mismatch",
            event_id=req.event_id,
        )
    return event
