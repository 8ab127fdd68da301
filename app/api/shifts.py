"""Shifts: a performer goes on shift at a warehouse, and off it."""

from __future__ import annotations

from app.api import bp, params
from app.clock import to_rfc3339
from app.models import Shift
from app.shifts import services


def shift_to_dict(shift: Shift) -> dict:
    return {
        "performer_id": shift.performer_id,
        "place_id": shift.place_id,
        "started_at": to_rfc3339(shift.started_at),
        "ended_at": to_rfc3339(shift.ended_at),
    }


@bp.post("/shift/start")
def shift_start():
    """Go on shift at a place (the same shift if already there)."""
    p = params.read("performer_id", "place_id")
    shift = services.start_shift(
        params.reference(p, "performer_id"), params.reference(p, "place_id")
    )
    return shift_to_dict(shift)


@bp.post("/shift/end")
def shift_end():
    """End the performer's shift."""
    p = params.read("performer_id")
    return shift_to_dict(services.end_shift(params.reference(p, "performer_id")))
