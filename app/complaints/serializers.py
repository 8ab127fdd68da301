"""Complaints, stage events, timelines and queue entries as the API sends them."""

from __future__ import annotations

from typing import Any

from app.clock import to_rfc3339
from app.models import Complaint, StageEvent


def complaint_to_dict(complaint: Complaint) -> dict[str, Any]:
    """A complaint (docs/API.md, "Complaints")."""
    return {
        "complaint_id": complaint.complaint_id,
        "vehicle_id": complaint.vehicle_id,
        "source": complaint.source,
        "text": complaint.text,
        "reported_at": to_rfc3339(complaint.reported_at),
        "reported_by": complaint.reported_by,
        "status": complaint.status,
        "resolved_at": to_rfc3339(complaint.resolved_at),
        "tag_id": complaint.tag_id,
    }


def event_to_dict(event: StageEvent) -> dict[str, Any]:
    """A recorded stage event."""
    return {
        "event_id": event.event_id,
        "vehicle_id": event.vehicle_id,
        "stage": event.stage,
        "at": to_rfc3339(event.at),
        "place_id": event.place_id,
        "by": event.by,
        "reason": event.reason,
    }
