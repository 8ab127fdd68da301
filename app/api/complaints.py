"""Complaints, a scooter's stages and timeline, and the logistics queues (docs/API.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.api import bp, params
from app.clock import is_supported_date, to_rfc3339
from app.complaints import records
from app.complaints.serializers import complaint_to_dict, event_to_dict
from app.errors import InvalidRequest
from app.repairs import lookup
from app.scooters import card
from app.stages import queues, release, timeline
from app.stages.events import StageRequest, record_stage
from app.vocabulary import ComplaintSource, ComplaintStatus, Stage

SOURCES = tuple(s.value for s in ComplaintSource.filed())
STATUSES = ("any", *ComplaintStatus.codes())
RECORDED = tuple(s.value for s in Stage.recordable())


@bp.post("/complaints")
def complaint_file():
    """File a complaint (201), or answer a retry of the same complaint (200)."""
    p = params.read(
        "complaint_id", "vehicle_id", "number", "source", "text", "reported_by", "reported_at"
    )
    req = records.ComplaintRequest(
        complaint_id=params.token(p, "complaint_id"),
        vehicle_id=_vehicle_id(p),
        source=params.choice(p, "source", SOURCES, ""),
        text=_required_text(p, "text"),
        reported_by=params.optional_reference(p, "reported_by"),
        reported_at=_optional_time(p, "reported_at"),
    )
    complaint, created = records.file_complaint(req)
    return complaint_to_dict(complaint), 201 if created else 200


@bp.get("/complaints")
def complaint_list():
    """Complaints, open ones first then newest first; of one scooter, of one status."""
    p = params.read("vehicle_id", "number", "status", "limit")
    vehicle_ids = [_vehicle_id(p)] if "vehicle_id" in p or "number" in p else None
    status = params.choice(p, "status", STATUSES, "any")
    limit = params.bounded_int(p, "limit", 100, 1, 500)
    found = records.listed(vehicle_ids, None if status == "any" else status, limit)
    return {"complaints": [complaint_to_dict(c) for c in found]}


@bp.post("/complaints/reject")
def complaint_reject():
    """Reject a complaint (not a fault, a duplicate); again is harmless."""
    p = params.read("complaint_id")
    return complaint_to_dict(records.reject(params.token(p, "complaint_id")))


@bp.post("/scooters/stages")
def stage_record():
    """Record a stage of a scooter's way (201), or answer a retry of it (200)."""
    p = params.read("event_id", "vehicle_id", "number", "stage", "place_id", "by", "reason", "at")
    req = StageRequest(
        event_id=params.token(p, "event_id"),
        vehicle_id=_vehicle_id(p),
        stage=params.choice(p, "stage", RECORDED, ""),
        place_id=params.optional_reference(p, "place_id"),
        by=params.optional_reference(p, "by"),
        reason=params.optional_comment(p, "reason"),
        at=_optional_time(p, "at"),
    )
    event, created = record_stage(req)
    return event_to_dict(event), 201 if created else 200


@bp.post("/scooters/release")
def scooter_release():
    """Release a scooter, ready to go out; Drive is told through the outbox."""
    p = params.read("event_id", "vehicle_id", "number", "place_id", "by")
    event_id, vehicle_id = params.token(p, "event_id"), _vehicle_id(p)
    place = lookup.active_place(params.reference(p, "place_id"))
    event, created = release.release(event_id, vehicle_id, place, params.reference(p, "by"))
    return event_to_dict(event), 201 if created else 200


@bp.get("/scooters/timeline")
def scooter_timeline():
    """A scooter's complaints, stages and repairs, oldest first."""
    p = params.read("vehicle_id", "number")
    vehicle_id = _vehicle_id(p)
    entries = [
        {
            "kind": e.kind,
            "at": to_rfc3339(e.at),
            "place_id": e.place_id,
            "by": e.by,
            "detail": e.detail,
        }
        for e in timeline.timeline(vehicle_id)
    ]
    return {"vehicle_id": vehicle_id, "entries": entries}


@bp.get("/queues/pickup")
def queue_pickup():
    """Scooters to pick up: in the city with open complaints, oldest first."""
    return _queue(queues.pickup_list)


@bp.get("/queues/dropoff")
def queue_dropoff():
    """Scooters to drop off: released, not back on the street, oldest first."""
    return _queue(queues.dropoff_list)


def _queue(listed) -> dict:
    """A queue of one warehouse (`place_id`) or of all."""
    place_id = params.optional_reference(params.read("place_id"), "place_id")
    return {"scooters": [_entry(entry) for entry in listed(place_id)]}


@bp.get("/queues/board")
def queue_board():
    """A warehouse's board: waiting for repair, in repair, ready to go out."""
    p = params.read("place_id")
    board = queues.board(lookup.active_place(params.reference(p, "place_id")).place_id)
    return {
        "waiting": [_entry(e) for e in board.waiting],
        "in_repair": [_entry(e) for e in board.in_repair],
        "ready": [_entry(e) for e in board.ready],
    }


def _entry(entry: queues.QueueEntry) -> dict[str, Any]:
    return {
        "vehicle_id": entry.vehicle_id,
        "number": entry.number,
        "since": to_rfc3339(entry.since),
        "place_id": entry.place_id,
        "repair_id": entry.repair_id,
        "complaints": [complaint_to_dict(c) for c in entry.complaints],
    }


def _vehicle_id(p: dict[str, Any]) -> str:
    """`vehicle_id`, else the scooter of plate `number` (one of them is required)."""
    params.one_of_id_or_number(p)
    if p.get("vehicle_id") is not None:
        return params.reference(p, "vehicle_id")
    return card.vehicle_id_by_number(params.reference(p, "number"))


def _required_text(p: dict[str, Any], name: str) -> str:
    text = params.optional_comment(p, name)
    if text is None:
        raise InvalidRequest(f"Parameter {name!r} is required.", field=name)
    return text


def _optional_time(p: dict[str, Any], name: str) -> datetime | None:
    """An RFC 3339 time with its offset (in UTC), or None when absent."""
    value = p.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        if parsed is not None and parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or parsed.tzinfo is None or not is_supported_date(parsed.date()):
        raise InvalidRequest(
            f"Parameter {name!r} must be an RFC 3339 time with an offset.", field=name
        )
    return parsed
