"""The events feed's part of the OpenAPI document: its path and its objects."""

from __future__ import annotations

from typing import Any

from app.api.openapi_parts import error, ok, operation, query
from app.events.kinds import EventKind

CURSOR = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
NULLABLE_ID = {"type": ["string", "null"]}

PATHS: dict[str, Any] = {
    "/api/events": {
        "get": operation(
            "What happened after a cursor, oldest first (newest last), a bounded page",
            {
                "200": ok("A page of events and the cursor to ask with next.", "Events"),
                "400": error(
                    "A malformed or foreign cursor, a limit out of range, or a parameter "
                    "this handle does not take.",
                    "invalid_cursor",
                    "invalid_request",
                    "unknown_parameter",
                    "use_control_handle",
                ),
            },
            parameters=[
                query(
                    "after",
                    CURSOR,
                    False,
                    "An opaque cursor: `next` of the previous page, or an event's `cursor`. "
                    "Without it, the feed starts at its first event.",
                ),
                query(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                    False,
                ),
            ],
        )
    }
}

SCHEMAS: dict[str, Any] = {
    "Event": {
        "type": "object",
        "required": [
            "cursor",
            "kind",
            "occurred_at",
            "vehicle_id",
            "repair_id",
            "job_id",
            "performer_id",
            "data",
        ],
        "properties": {
            "cursor": {**CURSOR, "description": "Ask `after` this to get the events after it."},
            "kind": {"type": "string", "enum": [kind.value for kind in EventKind]},
            "occurred_at": {"type": "string", "format": "date-time"},
            "vehicle_id": NULLABLE_ID,
            "repair_id": NULLABLE_ID,
            "job_id": NULLABLE_ID,
            "performer_id": NULLABLE_ID,
            "data": {
                "type": "object",
                "description": "By kind: repair.ended {status, comment}; job.started {type}; "
                "job.ended {type, status, comment}; command.sent {audit_id, action, channel}; "
                "command.settled {audit_id, action, outcome, error}; mission.created {mission_id, "
                "points}; mission.point_ended {mission_id, position, status}; mission.confirmed "
                "{mission_id}; repair events of a field repair add mission_id; else {}.",
            },
        },
    },
    "Events": {
        "type": "object",
        "required": ["events", "next", "has_more"],
        "properties": {
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
            "next": {
                **CURSOR,
                "description": "The cursor to ask with next: after the last event given, or "
                "the same position when there was none.",
            },
            "has_more": {"type": "boolean", "description": "More events wait after `next`."},
        },
    },
}
