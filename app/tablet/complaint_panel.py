"""What the complaints panel and the "where it is" panel show (card and repair screen)."""

from __future__ import annotations

import uuid

from app.complaints import records
from app.stages.where import whereabouts
from app.tablet.job_types import job_type_names

# Sent when complaints may have changed (Drive's tags imported): the panel reloads itself.
COMPLAINTS_CHANGED = "complaints-changed"


def complaints_context(vehicle_id: str, repair=None, error: str | None = None) -> dict:
    """Open complaints first, each with the ids of its linked jobs; jobs to link (repair)."""
    complaints = records.of_vehicle(vehicle_id)
    return {
        "vehicle_id": vehicle_id,
        "complaints": complaints,
        "links": records.linked_job_pks([c.id for c in complaints]),
        "panel_repair": repair if repair is not None and repair.is_active else None,
        "complaint_token": uuid.uuid4().hex,
        "complaint_error": error,
        "job_names": job_type_names(),
    }


def way_context(vehicle_id: str, error: str | None = None) -> dict:
    """Where the scooter is, and a fresh token for the buttons that move it on."""
    return {
        "vehicle_id": vehicle_id,
        "where": whereabouts(vehicle_id),
        "event_token": uuid.uuid4().hex,
        "way_error": error,
    }
