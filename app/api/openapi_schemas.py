"""Component schemas of the OpenAPI document: the API's objects, exactly as serialised (the
scooter handles' objects are in `openapi_scooters`)."""

from __future__ import annotations

from app.vocabulary import Outcome, Status

TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
COMMENT = {"type": ["string", "null"], "description": "The reason given when it ended."}
STATUS = {"type": "string", "enum": list(Status.codes())}

SCHEMAS: dict = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "audit_id": {
                        "type": "integer",
                        "description": "A control command's audit entry (every audited refusal "
                        "or failure).",
                    },
                    "outcome": {
                        "type": "string",
                        "enum": [outcome.value for outcome in Outcome.unconfirmed()],
                        "description": "How a control command that was not confirmed ended: "
                        "`failed` (not run), `unknown` (sent, no valid answer: check the "
                        "scooter), `denied` (not allowed, never sent).",
                    },
                },
                "additionalProperties": True,
            }
        },
    },
    "Job": {
        "type": "object",
        "required": [
            "job_id",
            "repair_id",
            "type",
            "status",
            "started_at",
            "finished_at",
            "comment",
        ],
        "properties": {
            "job_id": {"type": "string"},
            "repair_id": {"type": "string"},
            "type": {"type": "string"},
            "status": STATUS,
            "started_at": TIME,
            "finished_at": NULLABLE_TIME,
            "comment": COMMENT,
        },
    },
    "Repair": {
        "type": "object",
        "required": [
            "repair_id",
            "performer_id",
            "vehicle_id",
            "place_id",
            "mission_id",
            "status",
            "started_at",
            "finished_at",
            "mileage_km_at_start",
            "comment",
            "jobs",
        ],
        "properties": {
            "repair_id": {"type": "string"},
            "performer_id": {"type": "string"},
            "vehicle_id": {"type": "string"},
            "place_id": {
                "type": "string",
                "description": "The warehouse; for a field repair, the one its mission is "
                "dispatched from.",
            },
            "mission_id": {
                "type": ["string", "null"],
                "description": "Set for a field repair: the mission at whose point it was done.",
            },
            "status": STATUS,
            "started_at": TIME,
            "finished_at": NULLABLE_TIME,
            "mileage_km_at_start": {"type": ["number", "null"]},
            "comment": COMMENT,
            "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
        },
    },
    "Places": {
        "type": "object",
        "required": ["places"],
        "properties": {
            "places": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["place_id", "name", "name_ru", "name_en", "timezone"],
                    "properties": {
                        "place_id": {"type": "string"},
                        "name": {"type": "string", "description": "As the managers named it."},
                        "name_ru": {"type": "string", "description": "The same: in Russian."},
                        "name_en": {
                            "type": ["string", "null"],
                            "description": "In English; null when none was given (show name).",
                        },
                        "timezone": {"type": "string", "description": "IANA zone name"},
                    },
                },
            }
        },
    },
    "JobTypes": {
        "type": "object",
        "required": ["job_types"],
        "properties": {
            "job_types": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "name", "name_ru", "name_en", "active"],
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string", "description": "In Russian (as name_ru)."},
                        "name_ru": {"type": "string"},
                        "name_en": {"type": "string"},
                        "active": {"type": "boolean"},
                    },
                },
            }
        },
    },
    "Shift": {
        "type": "object",
        "required": ["performer_id", "place_id", "started_at", "ended_at"],
        "properties": {
            "performer_id": {"type": "string"},
            "place_id": {"type": "string"},
            "started_at": TIME,
            "ended_at": NULLABLE_TIME,
        },
    },
}
