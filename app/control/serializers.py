"""Audit entries as the JSON API shows them."""

from __future__ import annotations

from typing import Any

from app.clock import to_rfc3339
from app.models import ControlCommand


def audit_to_dict(entry: ControlCommand) -> dict[str, Any]:
    """One entry of GET /api/audit/control."""
    return {
        "audit_id": entry.id,
        "performer_id": entry.performer_id,
        "vehicle_id": entry.vehicle_id,
        "repair_id": entry.repair_id,
        "action": entry.action,
        "outcome": entry.outcome,
        "error": entry.error,
        "detail": entry.detail,
        "requested_at": to_rfc3339(entry.requested_at),
        "finished_at": to_rfc3339(entry.finished_at),
    }
