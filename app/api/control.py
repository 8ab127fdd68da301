"""The note's control handle (audited) and the audit log."""

from __future__ import annotations

from app.api import bp, params
from app.control import services
from app.control.serializers import audit_to_dict


@bp.post("/scooter/control")
def scooter_control():
    """Send one command to a scooter through Drive; every attempt is audited."""
    p = params.read("vehicle_id", "action", "performer_id")
    vehicle_id = params.reference(p, "vehicle_id")
    action = params.reference(p, "action")
    performer_id = params.reference(p, "performer_id")
    audit = services.send_command(performer_id, vehicle_id, action, channel="api")
    return {
        "audit_id": audit.id,
        "vehicle_id": audit.vehicle_id,
        "action": audit.action,
        "outcome": audit.outcome,
        "result": audit.result or {},
    }


@bp.get("/audit/control")
def audit_control():
    """Control commands, newest first, for a scooter and/or a performer."""
    p = params.read("vehicle_id", "performer_id", "limit")
    vehicle_id = params.optional_reference(p, "vehicle_id")
    performer_id = params.optional_reference(p, "performer_id")
    limit = params.bounded_int(p, "limit", 50, 1, 500)
    entries = services.audit_entries(vehicle_id, performer_id, limit)
    return {"entries": [audit_to_dict(e) for e in entries]}
