"""Scooter cards and histories as the JSON API shows them (docs/API.md, "Scooters")."""

from __future__ import annotations

from typing import Any

from app.clock import to_rfc3339
from app.repairs.serializers import repair_to_dict
from app.scooters.card import ScooterCard
from app.scooters.history import HistoryRepair, LastRepair


def last_repair_to_dict(last: LastRepair | None) -> dict[str, Any] | None:
    """The `last_repair` object: the latest completed repair and the km since."""
    if last is None:
        return None
    return {
        "repair_id": last.repair.repair_id,
        "finished_at": to_rfc3339(last.finished_at),
        "performer_id": last.repair.performer_id,
        "performer_name": last.repair.performer_name,
        "job_types": last.job_types,
        "mileage_km_at_repair": last.repair.mileage_km_at_start,
        "mileage_km_since": last.mileage_km_since,
        "mileage_read_at": to_rfc3339(last.mileage_read_at),
    }


def history_entry(repair: HistoryRepair) -> dict[str, Any]:
    """One repair in a scooter's history."""
    return {
        "repair_id": repair.repair_id,
        "status": repair.status,
        "performer_id": repair.performer_id,
        "performer_name": repair.performer_name,
        "place_id": repair.place_id,
        "started_at": to_rfc3339(repair.started_at),
        "finished_at": to_rfc3339(repair.finished_at),
        "comment": repair.comment,
        "jobs": [
            {"job_id": j.job_id, "type": j.type, "status": j.status, "comment": j.comment}
            for j in repair.jobs
        ],
    }


def card_to_dict(card: ScooterCard) -> dict[str, Any]:
    """The scooter/info answer; Drive's fields are null when Drive failed."""
    car = card.car
    return {
        "vehicle_id": card.vehicle_id,
        "number": card.number,
        "model": car.model if car else None,
        "mileage_km": car.mileage_km if car else None,
        "battery_percent": car.battery_percent if car else None,
        "firmware": dict(car.firmware) if car else None,
        "broken": [
            {"comment": b.comment, "created_at": to_rfc3339(b.created_at)} for b in car.broken
        ]
        if car
        else None,
        "active_repair": repair_to_dict(card.active_repair) if card.active_repair else None,
        "last_repair": last_repair_to_dict(card.last_repair),
        "drive": {"ok": True}
        if card.drive_ok
        else {"ok": False, "error": card.drive_error.read_error_kind},
    }
