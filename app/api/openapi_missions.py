"""Field missions' part of the OpenAPI document: their paths and objects."""

from __future__ import annotations

from typing import Any

from app.api.openapi_parts import REFERENCE, TOKEN_ID, body, error, ok, operation
from app.vocabulary import PointStatus

MISSION_ID = {
    "name": "mission_id",
    "in": "path",
    "required": True,
    "schema": TOKEN_ID,
    "description": "The id the mission app chose.",
}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}

PATHS: dict[str, Any] = {
    "/api/missions": {
        "post": operation(
            "Create a field mission of scooter points (mission_id is the idempotency token)",
            {
                "201": ok("Created, open, every point to do.", "Mission"),
                "200": ok("A retry of the same creation.", "Mission"),
                "422": error(
                    "No such active performer or place, or the mission_id exists with other "
                    "parameters.",
                    "unknown_performer",
                    "unknown_place",
                    "idempotency_mismatch",
                ),
            },
            requestBody=body(
                {
                    "mission_id": TOKEN_ID,
                    "performer_id": REFERENCE,
                    "place_id": {**REFERENCE, "description": "The warehouse it leaves from."},
                    "points": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 100,
                        "description": "The scooters to visit, in order; each once.",
                        "items": {
                            "type": "object",
                            "required": ["vehicle_id"],
                            "properties": {"vehicle_id": REFERENCE},
                            "additionalProperties": False,
                        },
                    },
                },
                ["mission_id", "performer_id", "place_id", "points"],
            ),
        )
    },
    "/api/missions/{mission_id}": {
        "get": operation(
            "One mission with its points in order",
            {"200": ok("The mission.", "Mission"), "404": error("No such mission.", "not_found")},
            parameters=[MISSION_ID],
        )
    },
    "/api/missions/{mission_id}/confirm": {
        "post": operation(
            "Close the mission once every point has ended (confirming again is harmless)",
            {
                "200": ok("Closed.", "Mission"),
                "404": error("No such mission.", "not_found"),
                "409": error(
                    "Points not finished yet (their `positions` in the error).", "points_pending"
                ),
            },
            parameters=[MISSION_ID],
        )
    },
}

SCHEMAS: dict[str, Any] = {
    "Mission": {
        "type": "object",
        "required": [
            "mission_id",
            "performer_id",
            "place_id",
            "status",
            "created_at",
            "closed_at",
            "points",
        ],
        "properties": {
            "mission_id": {"type": "string"},
            "performer_id": {"type": "string"},
            "place_id": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "created_at": TIME,
            "closed_at": NULLABLE_TIME,
            "points": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["position", "vehicle_id", "status", "repair_id", "finished_at"],
                    "properties": {
                        "position": {"type": "integer", "minimum": 1},
                        "vehicle_id": {"type": "string"},
                        "status": {
                            "type": "string",
                            "enum": list(PointStatus.codes()),
                            "description": "pending until its repair ends: completed -> "
                            "done, failed -> failed, cancelled -> skipped.",
                        },
                        "repair_id": {"type": ["string", "null"]},
                        "finished_at": NULLABLE_TIME,
                    },
                },
            },
        },
    }
}
