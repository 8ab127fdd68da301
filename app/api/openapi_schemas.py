"""Component schemas of the OpenAPI document: the API's objects, exactly as serialised."""

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
    "LastRepair": {
        "type": ["object", "null"],
        "required": [
            "repair_id",
            "finished_at",
            "performer_id",
            "performer_name",
            "job_types",
            "mileage_km_at_repair",
            "mileage_km_since",
            "mileage_read_at",
        ],
        "properties": {
            "repair_id": {"type": "string"},
            "finished_at": TIME,
            "performer_id": {"type": "string"},
            "performer_name": {"type": "string"},
            "job_types": {"type": "array", "items": {"type": "string"}},
            "mileage_km_at_repair": {"type": ["number", "null"]},
            "mileage_km_since": {"type": ["number", "null"]},
            "mileage_read_at": NULLABLE_TIME
            | {"description": "When Drive reported the mileage behind mileage_km_since."},
        },
    },
    "ScooterInfo": {
        "type": "object",
        "required": [
            "vehicle_id",
            "number",
            "model",
            "mileage_km",
            "battery_percent",
            "firmware",
            "broken",
            "active_repair",
            "last_repair",
            "drive",
        ],
        "properties": {
            "vehicle_id": {"type": "string"},
            "number": {"type": ["string", "null"]},
            "model": {"type": ["string", "null"]},
            "mileage_km": {"type": ["number", "null"]},
            "battery_percent": {"type": ["integer", "null"]},
            "firmware": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
            "broken": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["comment", "created_at"],
                    "properties": {"comment": {"type": "string"}, "created_at": TIME},
                },
            },
            "active_repair": {"oneOf": [{"$ref": "#/components/schemas/Repair"}, {"type": "null"}]},
            "last_repair": {"$ref": "#/components/schemas/LastRepair"},
            "drive": {
                "type": "object",
                "required": ["ok"],
                "properties": {
                    "ok": {"type": "boolean"},
                    "error": {"type": "string", "enum": ["timeout", "unavailable", "bad_response"]},
                },
            },
        },
    },
    "RepairHistory": {
        "type": "object",
        "required": ["vehicle_id", "repairs", "last_repair"],
        "properties": {
            "vehicle_id": {"type": "string"},
            "repairs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "repair_id",
                        "status",
                        "performer_id",
                        "performer_name",
                        "place_id",
                        "started_at",
                        "finished_at",
                        "comment",
                        "jobs",
                    ],
                    "properties": {
                        "repair_id": {"type": "string"},
                        "status": STATUS,
                        "performer_id": {"type": "string"},
                        "performer_name": {"type": "string"},
                        "place_id": {"type": "string"},
                        "started_at": TIME,
                        "finished_at": NULLABLE_TIME,
                        "comment": COMMENT,
                        "jobs": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["job_id", "type", "status", "comment"],
                                "properties": {
                                    "job_id": {"type": "string"},
                                    "type": {"type": "string"},
                                    "status": STATUS,
                                    "comment": COMMENT,
                                },
                            },
                        },
                    },
                },
            },
            "last_repair": {"$ref": "#/components/schemas/LastRepair"},
        },
    },
    "ControlResult": {
        "type": "object",
        "required": ["audit_id", "vehicle_id", "action", "outcome", "result"],
        "properties": {
            "audit_id": {"type": "integer"},
            "vehicle_id": {"type": "string"},
            "action": {"type": "string"},
            "outcome": {"const": "ok"},
            "result": {"type": "object"},
        },
    },
    "AuditEntries": {
        "type": "object",
        "required": ["entries"],
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "audit_id",
                        "performer_id",
                        "vehicle_id",
                        "repair_id",
                        "action",
                        "outcome",
                        "error",
                        "requested_at",
                        "finished_at",
                    ],
                    "properties": {
                        "audit_id": {"type": "integer"},
                        "performer_id": {"type": "string"},
                        "vehicle_id": {"type": "string"},
                        "repair_id": {"type": ["string", "null"]},
                        "action": {"type": "string"},
                        "outcome": {
                            "type": "string",
                            "enum": list(Outcome.codes()),
                            "description": "`pending`: Drive has the command right now, for "
                            "at most DRIVE_COMMAND_TIMEOUT + CONTROL_PENDING_MARGIN_SECONDS; "
                            "an entry its sender never settled (a killed worker) then reads "
                            "`unknown` with the error `abandoned`. `ok`: Drive confirmed. "
                            "`failed`: Drive refused, or nothing reached it. `unknown`: sent, "
                            "no valid answer: check the scooter. `denied`: not allowed, "
                            "never sent.",
                        },
                        "error": {
                            "type": ["string", "null"],
                            "description": "Null when `ok` or `pending`, else one of "
                            "`drive_error`, `drive_timeout`, `drive_unavailable`, "
                            "`unknown_vehicle`, `not_on_shift`, `not_in_repair`, `abandoned`.",
                        },
                        "detail": {"type": ["string", "null"]},
                        "requested_at": TIME,
                        "finished_at": NULLABLE_TIME,
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
