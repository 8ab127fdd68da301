"""What the complaints panel and the "where it is" panel show (card and repair screen)."""

from __future__ import annotations

import uuid

from app.complaints import records
from app.models import Status
from app.stages.where import whereabouts
from app.tablet.job_types import job_type_names

# Sent when complaints may have changed (Drive's tags imported): the panel reloads itself.
COMPLAINTS_CHANGED = "complaints-changed"
# Sent when a job was linked to a complaint or unlinked: the finish panel's question reloads.
LINKS_CHANGED = "complaint-links-changed"


def complaints_context(vehicle_id: str, repair=None, error: str | None = None) -> dict:
    """Open complaints first, each with the ids of its linked jobs; jobs to link (repair)."""
    complaints = records.of_vehicle(vehicle_id)
    links = records.linked_job_pks([c.id for c in complaints])
    active = repair if repair is not None and repair.is_active else None
    return {
        "vehicle_id": vehicle_id,
        "complaints": complaints,
        "links": links,
        "panel_repair": active,
        "resolution": resolution_choices(active, complaints, links) if active else [],
        "complaint_token": uuid.uuid4().hex,
        "complaint_error": error,
        "job_names": job_type_names(),
    }


def resolution_choices(repair, complaints: list, links: dict[int, set[int]]) -> list[tuple]:
    """The finish panel's question: each open complaint, ticked when a job done in this repair
    is linked to it. Answered by the same tap that finishes the repair."""
    done = {job.id for job in repair.jobs if job.status == Status.COMPLETED}
    return [(c, bool(links[c.id] & done)) for c in complaints if c.is_open]


def way_context(vehicle_id: str, error: str | None = None) -> dict:
    """Where the scooter is, and a fresh token for the buttons that move it on."""
    return {
        "vehicle_id": vehicle_id,
        "where": whereabouts(vehicle_id),
        "event_token": uuid.uuid4().hex,
        "way_error": error,
    }
