"""Repairs and jobs as the JSON API shows them (docs/API.md, "Objects")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.clock import to_rfc3339
from app.models import Job, Mission, Repair

if TYPE_CHECKING:
    from app.repairs.services import StartedJob


def job_to_dict(job: Job | StartedJob) -> dict[str, Any]:
    """A Job object of the API."""
    return {
        "job_id": job.job_id,
        "repair_id": job.repair_id,
        "type": job.type,
        "status": job.status,
        "started_at": to_rfc3339(job.started_at),
        "finished_at": to_rfc3339(job.finished_at),
        "comment": job.comment,
    }


def repair_to_dict(repair: Repair) -> dict[str, Any]:
    """A Repair object of the API, with its jobs in start order."""
    return {
        "repair_id": repair.repair_id,
        "performer_id": repair.performer_id,
        "vehicle_id": repair.vehicle_id,
        "place_id": repair.place_id,
        "mission_id": repair.mission_id,
        "status": repair.status,
        "started_at": to_rfc3339(repair.started_at),
        "finished_at": to_rfc3339(repair.finished_at),
        "mileage_km_at_start": repair.mileage_km_at_start,
        "comment": repair.comment,
        "jobs": [job_to_dict(job) for job in repair.jobs],
    }


def mission_to_dict(mission: Mission) -> dict[str, Any]:
    """A Mission object of the API, with its points in order."""
    return {
        "mission_id": mission.mission_id,
        "performer_id": mission.performer_id,
        "place_id": mission.place_id,
        "status": mission.status,
        "created_at": to_rfc3339(mission.created_at),
        "closed_at": to_rfc3339(mission.closed_at),
        "points": [
            {
                "position": point.position,
                "vehicle_id": point.vehicle_id,
                "status": point.status,
                "repair_id": point.repair_id,
                "finished_at": to_rfc3339(point.finished_at),
            }
            for point in mission.points
        ],
    }
