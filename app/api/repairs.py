"""The note's repair and job handles."""

from __future__ import annotations

from app.api import bp, params
from app.errors import InvalidRequest, NotFound
from app.models import TERMINAL_STATUSES, Status
from app.references import is_reference
from app.repairs import lookup, services
from app.repairs.serializers import job_to_dict, repair_to_dict

END_STATUSES = tuple(str(s) for s in TERMINAL_STATUSES)


@bp.post("/repair/start")
def repair_start():
    """Start a repair (201), or answer a retry of the same start (200)."""
    p = params.read("repair_id", "performer_id", "vehicle_id", "place_id", "mission_id")
    if ("place_id" in p) == ("mission_id" in p):
        raise InvalidRequest(
            "Give either 'place_id' (a warehouse repair) or 'mission_id' (a field repair).",
            field="place_id",
        )
    req = services.RepairRequest(
        repair_id=params.token(p, "repair_id"),
        performer_id=params.reference(p, "performer_id"),
        vehicle_id=params.reference(p, "vehicle_id"),
        place_id=params.optional_reference(p, "place_id"),
        mission_id=params.token(p, "mission_id") if "mission_id" in p else None,
    )
    repair, created = services.start_repair(req)
    return repair_to_dict(repair), 201 if created else 200


@bp.post("/repair/end")
def repair_end():
    """Finish a repair as completed (default), failed or cancelled."""
    p = params.read("repair_id", "status", "comment")
    repair_id = params.token(p, "repair_id")
    status = params.choice(p, "status", END_STATUSES, Status.COMPLETED)
    comment = params.optional_comment(p)
    return repair_to_dict(services.finish_repair(repair_id, status, comment))


@bp.post("/repair-job/start")
def job_start():
    """Start a job in a performing repair (201), or answer a retry (200)."""
    p = params.read("repair_id", "job_id", "type")
    repair_id, job_id = params.token(p, "repair_id"), params.token(p, "job_id")
    job_type = params.reference(p, "type")
    job, created = services.start_job(repair_id, job_id, job_type)
    return job_to_dict(job), 201 if created else 200


@bp.post("/repair-job/end")
def job_end():
    """Finish a job as completed (default), failed or cancelled."""
    p = params.read("job_id", "status", "comment")
    job_id = params.token(p, "job_id")
    status = params.choice(p, "status", END_STATUSES, Status.COMPLETED)
    comment = params.optional_comment(p)
    return job_to_dict(services.finish_job(job_id, status, comment))


@bp.get("/repair")
def repair_read():
    """One repair by its id, with its jobs."""
    p = params.read("repair_id")
    return repair_to_dict(lookup.get_repair(params.token(p, "repair_id")))


@bp.get("/performers/<performer_id>/active-repair")
def performer_active_repair(performer_id: str):
    """The performer's performing repair: how a restarted bot finds its user's state."""
    params.read()
    if not is_reference(performer_id):
        raise InvalidRequest("The performer id in the path is malformed.", field="performer_id")
    lookup.active_user(performer_id)
    repair = lookup.performing_repair_of(performer_id=performer_id)
    if repair is None:
        raise NotFound(
            f"Performer {performer_id!r} has no repair in progress.",
            code="no_active_repair",
            performer_id=performer_id,
        )
    return repair_to_dict(repair)
