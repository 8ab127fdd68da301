"""A scooter's timeline: its complaints (reported), stage events and repairs, in time order.

The query helpers here are what downtime statistics build on: `stage_events` (the recorded
stages of one or many scooters in a period) and `timeline` (one scooter, everything).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Complaint, Repair, StageEvent
from app.vocabulary import Stage

REPAIR_STARTED = "repair_started"
REPAIR_ENDED = "repair_ended"


@dataclass(frozen=True)
class TimelineEntry:
    """One moment: `kind` is a stage code, `repair_started` or `repair_ended`."""

    kind: str
    at: datetime
    place_id: str | None = None
    by: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def stage_events(
    vehicle_ids: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[StageEvent]:
    """Recorded stage events (of these scooters, in [since, until)), oldest first."""
    query = select(StageEvent)
    if vehicle_ids is not None:
        query = query.where(StageEvent.vehicle_id.in_(vehicle_ids))
    if since is not None:
        query = query.where(StageEvent.at >= since)
    if until is not None:
        query = query.where(StageEvent.at < until)
    return list(db.session.scalars(query.order_by(StageEvent.at, StageEvent.id)))


def timeline(vehicle_id: str) -> list[TimelineEntry]:
    """Everything that happened on the scooter's way, oldest first."""
    entries = [_from_complaint(c) for c in _complaints(vehicle_id)]
    entries += [_from_event(e) for e in stage_events([vehicle_id])]
    for repair in _repairs(vehicle_id):
        entries.append(
            TimelineEntry(
                REPAIR_STARTED,
                repair.started_at,
                repair.place_id,
                repair.performer_id,
                {"repair_id": repair.repair_id},
            )
        )
        if repair.finished_at is not None:
            entries.append(
                TimelineEntry(
                    REPAIR_ENDED,
                    repair.finished_at,
                    repair.place_id,
                    repair.performer_id,
                    {"repair_id": repair.repair_id, "status": repair.status},
                )
            )
    return sorted(entries, key=lambda e: e.at)


def _complaints(vehicle_id: str) -> list[Complaint]:
    query = select(Complaint).where(Complaint.vehicle_id == vehicle_id)
    return list(db.session.scalars(query.order_by(Complaint.reported_at, Complaint.id)))


def _repairs(vehicle_id: str) -> list[Repair]:
    query = select(Repair).where(Repair.vehicle_id == vehicle_id)
    return list(db.session.scalars(query.order_by(Repair.started_at, Repair.id)))


def _from_complaint(complaint: Complaint) -> TimelineEntry:
    return TimelineEntry(
        Stage.REPORTED,
        complaint.reported_at,
        by=complaint.reported_by,
        detail={
            "complaint_id": complaint.complaint_id,
            "source": complaint.source,
            "text": complaint.text,
            "status": complaint.status,
        },
    )


def _from_event(event: StageEvent) -> TimelineEntry:
    detail = {"event_id": event.event_id}
    if event.reason:
        detail["reason"] = event.reason
    return TimelineEntry(event.stage, event.at, event.place_id, event.by, detail)
