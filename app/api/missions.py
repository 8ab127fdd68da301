"""Field missions for the mission app: create (idempotent), read, confirm."""

from __future__ import annotations

from typing import Any

from app.api import bp, params
from app.errors import InvalidRequest
from app.references import is_reference
from app.repairs import missions
from app.repairs.serializers import mission_to_dict


@bp.post("/missions")
def mission_create():
    """Create a mission of scooter points (201), or answer a retry of the same one (200)."""
    p = params.read("mission_id", "performer_id", "place_id", "points")
    req = missions.MissionRequest(
        mission_id=params.token(p, "mission_id"),
        performer_id=params.reference(p, "performer_id"),
        place_id=params.reference(p, "place_id"),
        vehicle_ids=_points(p.get("points")),
    )
    mission, created = missions.create_mission(req)
    return mission_to_dict(mission), 201 if created else 200


@bp.get("/missions/<mission_id>")
def mission_read(mission_id: str):
    """One mission with its points in order."""
    params.read()
    return mission_to_dict(missions.get_mission(_path_id(mission_id)))


@bp.post("/missions/<mission_id>/confirm")
def mission_confirm(mission_id: str):
    """Close the mission when every point has ended (409 points_pending otherwise)."""
    params.read()
    return mission_to_dict(missions.confirm_mission(_path_id(mission_id)))


def _path_id(mission_id: str) -> str:
    if not params.TOKEN.fullmatch(mission_id):
        raise InvalidRequest("The mission id in the path is malformed.", field="mission_id")
    return mission_id


def _points(points: Any) -> tuple[str, ...]:
    """`[{"vehicle_id": ...}, ...]`: 1-100 distinct scooters, in the order to visit them."""
    if not isinstance(points, list) or not 1 <= len(points) <= missions.MAX_POINTS:
        raise InvalidRequest(
            f"Parameter 'points' must be a list of 1-{missions.MAX_POINTS} points.", field="points"
        )
    vehicle_ids = []
    for point in points:
        vehicle_id = point.get("vehicle_id") if isinstance(point, dict) else None
        if not isinstance(point, dict) or set(point) != {"vehicle_id"}:
            raise InvalidRequest('Each point must be {"vehicle_id": ...}.', field="points")
        if not isinstance(vehicle_id, str) or not is_reference(vehicle_id):
            raise InvalidRequest("A point's vehicle_id is malformed.", field="points")
        vehicle_ids.append(vehicle_id)
    if len(set(vehicle_ids)) != len(vehicle_ids):
        raise InvalidRequest("A scooter appears twice among the points.", field="points")
    return tuple(vehicle_ids)
