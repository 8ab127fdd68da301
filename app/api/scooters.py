"""The note's scooter handles: information and repair history."""

from __future__ import annotations

from app.api import bp, params
from app.scooters import card, history
from app.scooters.serializers import card_to_dict, history_entry, last_repair_to_dict


@bp.get("/scooter/info")
def scooter_info():
    """Drive's live data and our repair records for one scooter, by id or plate number."""
    p = params.read("vehicle_id", "number")
    params.one_of_id_or_number(p)
    if p.get("vehicle_id") is not None:
        return card_to_dict(card.scooter_card(vehicle_id=params.reference(p, "vehicle_id")))
    return card_to_dict(card.scooter_card(number=params.reference(p, "number")))


@bp.get("/scooter/repair-history")
def scooter_repair_history():
    """The scooter's repairs, newest first, and its last completed repair (by id or number)."""
    p = params.read("vehicle_id", "number", "limit")
    params.one_of_id_or_number(p)
    limit = params.bounded_int(p, "limit", 20, 1, 100)
    if p.get("vehicle_id") is not None:
        vehicle_id = params.reference(p, "vehicle_id")
    else:
        vehicle_id = card.vehicle_id_by_number(params.reference(p, "number"))
    repairs, last = history.scooter_history(vehicle_id, limit)
    return {
        "vehicle_id": vehicle_id,
        "repairs": [history_entry(r) for r in repairs],
        "last_repair": last_repair_to_dict(last),
    }
