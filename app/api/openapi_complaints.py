"""The OpenAPI operations and objects of complaints, stages and queues (issue 14)."""

from __future__ import annotations

from typing import Any

from app.api.openapi_parts import COMMENT, REFERENCE, TOKEN_ID, body, error, ok, operation, query
from app.vocabulary import ComplaintSource, ComplaintStatus, Stage

TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE = {"type": ["string", "null"]}
GIVEN_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "RFC 3339 with an offset; absent: now.",
}
TEXT = COMMENT | {"description": "Free text, 1-2000 characters (blank is missing)."}
BY_VEHICLE = [
    query("vehicle_id", REFERENCE, False, "Drive's vehicle id; this or `number` is required"),
    query("number", REFERENCE, False, "The plate painted on the scooter"),
]
VEHICLE_ERRORS = {
    "404": error("Only a number was given and Drive has no such number.", "not_found"),
    "503": error(
        "Only a number was given, Drive is failing and the number was never seen before.",
        "drive_unavailable",
    ),
}
PLACE_FILTER = [query("place_id", REFERENCE, False, "Only this warehouse's scooters")]

PATHS: dict[str, Any] = {
    "/api/complaints": {
        "post": operation(
            "File a complaint about a scooter (complaint_id is the idempotency token)",
            {
                "201": ok("Recorded, open.", "Complaint"),
                "200": ok("A retry of the same complaint; nothing new recorded.", "Complaint"),
                "422": error(
                    "The complaint_id exists with other parameters.", "idempotency_mismatch"
                ),
                **VEHICLE_ERRORS,
            },
            requestBody=body(
                {
                    "complaint_id": TOKEN_ID,
                    "vehicle_id": REFERENCE,
                    "number": REFERENCE,
                    "source": {
                        "type": "string",
                        "enum": [s.value for s in ComplaintSource.filed()],
                    },
                    "text": TEXT,
                    "reported_by": REFERENCE,
                    "reported_at": GIVEN_TIME,
                },
                ["complaint_id", "source", "text"],
            ),
        ),
        "get": operation(
            "Complaints, open ones first then newest first",
            {"200": ok("The complaints.", "Complaints"), **VEHICLE_ERRORS},
            parameters=[
                *BY_VEHICLE,
                query(
                    "status",
                    {"type": "string", "enum": ["any", *ComplaintStatus.codes()], "default": "any"},
                    False,
                ),
                query(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                    False,
                ),
            ],
        ),
    },
    "/api/complaints/reject": {
        "post": operation(
            "Reject a complaint (not a fault, a duplicate); rejecting it again is harmless",
            {
                "200": ok("The complaint, rejected.", "Complaint"),
                "404": error("No such complaint.", "not_found"),
                "409": error("A repair resolved it.", "complaint_closed"),
            },
            requestBody=body({"complaint_id": TOKEN_ID}, ["complaint_id"]),
        )
    },
    "/api/scooters/stages": {
        "post": operation(
            "Record a stage of a scooter's way (event_id is the idempotency token)",
            {
                "201": ok("Recorded.", "StageEvent"),
                "200": ok("A retry of the same event; nothing new recorded.", "StageEvent"),
                "422": error(
                    "The event_id exists with other parameters, or no such active warehouse.",
                    "idempotency_mismatch",
                    "unknown_place",
                ),
                **VEHICLE_ERRORS,
            },
            requestBody=body(
                {
                    "event_id": TOKEN_ID,
                    "vehicle_id": REFERENCE,
                    "number": REFERENCE,
                    "stage": {"type": "string", "enum": [s.value for s in Stage.recordable()]},
                    "place_id": REFERENCE,
                    "by": REFERENCE,
                    "reason": COMMENT,
                    "at": GIVEN_TIME,
                },
                ["event_id", "stage"],
            ),
        )
    },
    "/api/scooters/release": {
        "post": operation(
            "Release a scooter, ready to go out; Drive is told (resolved complaints' tags "
            "removed, the ready tag added) through the outbox",
            {
                "201": ok("Released.", "StageEvent"),
                "200": ok("A retry of the same release.", "StageEvent"),
                "409": error("A repair of the scooter is in progress.", "vehicle_in_repair"),
                "422": error("No such active warehouse.", "unknown_place"),
                **VEHICLE_ERRORS,
            },
            requestBody=body(
                {
                    "event_id": TOKEN_ID,
                    "vehicle_id": REFERENCE,
                    "number": REFERENCE,
                    "place_id": REFERENCE,
                    "by": REFERENCE,
                },
                ["event_id", "place_id", "by"],
            ),
        )
    },
    "/api/scooters/timeline": {
        "get": operation(
            "A scooter's complaints, stages and repairs, oldest first",
            {"200": ok("The timeline.", "Timeline"), **VEHICLE_ERRORS},
            parameters=BY_VEHICLE,
        )
    },
    "/api/queues/pickup": {
        "get": operation(
            "Scooters to pick up: in the city with open complaints, oldest first",
            {"200": ok("The scooters.", "QueueEntries")},
            parameters=PLACE_FILTER,
        )
    },
    "/api/queues/dropoff": {
        "get": operation(
            "Scooters to drop off: released, not back on the street, oldest first",
            {"200": ok("The scooters.", "QueueEntries")},
            parameters=PLACE_FILTER,
        )
    },
    "/api/queues/board": {
        "get": operation(
            "A warehouse's board: waiting for repair, in repair, ready to go out",
            {
                "200": ok("The board.", "Board"),
                "422": error("No such active warehouse.", "unknown_place"),
            },
            parameters=[query("place_id", REFERENCE, True, "The warehouse")],
        )
    },
}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _list_of(key: str, item: str) -> dict[str, Any]:
    return _object({key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}})


COMPLAINT = _object(
    {
        "complaint_id": {"type": "string"},
        "vehicle_id": {"type": "string"},
        "source": {"type": "string", "enum": list(ComplaintSource.codes())},
        "text": {"type": "string"},
        "reported_at": TIME,
        "reported_by": NULLABLE,
        "status": {"type": "string", "enum": list(ComplaintStatus.codes())},
        "resolved_at": NULLABLE_TIME,
        "tag_id": {"type": ["string", "null"], "description": "Drive's broken tag, if any."},
    }
)
QUEUE_ENTRY = _object(
    {
        "vehicle_id": {"type": "string"},
        "number": NULLABLE,
        "since": TIME,
        "place_id": NULLABLE,
        "repair_id": NULLABLE,
        "complaints": {"type": "array", "items": {"$ref": "#/components/schemas/Complaint"}},
    }
)
ENTRIES = {"type": "array", "items": {"$ref": "#/components/schemas/QueueEntry"}}

SCHEMAS: dict[str, Any] = {
    "Complaint": COMPLAINT,
    "Complaints": _list_of("complaints", "Complaint"),
    "StageEvent": _object(
        {
            "event_id": {"type": "string"},
            "vehicle_id": {"type": "string"},
            "stage": {"type": "string", "enum": list(Stage.codes())},
            "at": TIME,
            "place_id": NULLABLE,
            "by": NULLABLE,
            "reason": NULLABLE,
        }
    ),
    "Timeline": _object(
        {
            "vehicle_id": {"type": "string"},
            "entries": {
                "type": "array",
                "items": _object(
                    {
                        "kind": {
                            "type": "string",
                            "enum": [*Stage.codes(), "repair_started", "repair_ended"],
                        },
                        "at": TIME,
                        "place_id": NULLABLE,
                        "by": NULLABLE,
                        "detail": {"type": "object"},
                    }
                ),
            },
        }
    ),
    "QueueEntry": QUEUE_ENTRY,
    "QueueEntries": _list_of("scooters", "QueueEntry"),
    "Board": _object({"waiting": ENTRIES, "in_repair": ENTRIES, "ready": ENTRIES}),
}
