"""Component schemas of the OpenAPI document: the API's objects, exactly as serialised."""

from __future__ import annotations

TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
STATUS = {"type": "string", "enum": ["performing", "completed", "failed", "cancelled"]}

SCHEMAS: dict = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "additionalProperties": True,
        }},
    },
    "Job": {
        "type": "object",
        "required": ["job_id", "repair_id", "type", "status", "started_at", "finished_at"],
        "properties": {
            "job_id": {"type": "string"},
            "repair_id": {"type": "string"},
            "type": {"type": "string"},
            "status": STATUS,
            "started_at": TIME,
            "finished_at": NULLABLE_TIME,
        },
    },
    "Repair": {
        "type": "object",
        "required": ["repair_id", "performer_id", "vehicle_id", "place_id", "status",
                     "started_at", "finished_at", "mileage_km_at_start", "jobs"],
        "properties": {
            "repair_id": {"type": "string"},
            "performer_id": {"type": "string"},
            "vehicle_id": {"type": "string"},
            "place_id": {"type": "string"},
            "status": STATUS,
            "started_at": TIME,
            "finished_at": NULLABLE_TIME,
            "mileage_km_at_start": {"type": ["number", "null"]},
            "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
        },
    },
    "JobTypes": {
        "type": "object",
        "required": ["job_types"],
        "properties": {"job_types": {"type": "array", "items": {
            "type": "object",
            "required": ["code", "name", "active"],
            "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                           "name_en": {"type": "string"}, "active": {"type": "boolean"}},
        }}},
    },
}
