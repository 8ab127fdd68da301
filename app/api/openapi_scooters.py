"""The scooter handles of the OpenAPI document: a scooter's card, its repair history, control
commands and their audit log: their paths and the objects they answer."""

from __future__ import annotations

from typing import Any

from app.api.openapi_parts import REFERENCE, body, error, ok, operation, query
from app.api.openapi_schemas import COMMENT, NULLABLE_TIME, STATUS, TIME
from app.vocabulary import Command, Outcome

PATHS: dict[str, Any] = {
    "/api/scooter/info": {
        "get": operation(
            "A scooter's live data from Drive and its repair records",
            {
                "200": ok(
                    "The card; Drive's fields are null when Drive failed (see `drive`).",
                    "ScooterInfo",
                ),
                "404": error("Drive says there is no such vehicle.", "not_found"),
                "503": error(
                    "Only a number was given, Drive is failing and the number was "
                    "never seen before.",
                    "drive_unavailable",
                ),
            },
            parameters=[
                query("vehicle_id", REFERENCE, False, "Drive's vehicle id (or `vehicle-id`)"),
                query("number", REFERENCE, False, "The plate painted on the scooter"),
            ],
        )
    },
    "/api/scooter/repair-history": {
        "get": operation(
            "A scooter's repairs, newest first, and its last completed repair",
            {
                "200": ok(
                    "The history (an empty list for a scooter never repaired). "
                    "`last_repair.mileage_km_since` comes from a Drive reading at most "
                    "MILEAGE_MAX_AGE_SECONDS old (600 by default), taken at `mileage_read_at`; "
                    "null when no reading that fresh can be had.",
                    "RepairHistory",
                ),
                "404": error("Only a number was given and Drive has no such number.", "not_found"),
                "503": error(
                    "Only a number was given, Drive is failing and the number was "
                    "never seen before.",
                    "drive_unavailable",
                ),
            },
            parameters=[
                query(
                    "vehicle_id",
                    REFERENCE,
                    False,
                    "Drive's vehicle id (or `vehicle-id`); this or `number` is required",
                ),
                query("number", REFERENCE, False, "The plate painted on the scooter"),
                query(
                    "limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, False
                ),
            ],
        )
    },
    "/api/scooter/control": {
        "post": operation(
            "Send a control command to a scooter (audited; never retried)",
            {
                "200": ok("Drive confirmed the command.", "ControlResult"),
                "403": error(
                    "Not allowed, audited `denied` and never sent: the performer is not on "
                    "shift, or has no repair of this vehicle in progress (commands follow the "
                    "tablet's rule: only to a scooter in the performer's own repair).",
                    "not_on_shift",
                    "not_in_repair",
                ),
                "422": error(
                    "Bad action or performer (not audited), or no such vehicle (audited `failed`).",
                    "unknown_action",
                    "unknown_performer",
                    "unknown_vehicle",
                ),
                "502": error(
                    "Drive refused, answered garbage or an answer over 1 MB, or dropped the "
                    "connection.",
                    "drive_error",
                ),
                "503": error(
                    "No connection to Drive, or calls suspended (after repeated failures, or "
                    "too many calls in flight): the command was not sent.",
                    "drive_unavailable",
                ),
                "504": error(
                    "No whole answer by DRIVE_COMMAND_TIMEOUT: the outcome is unknown.",
                    "drive_timeout",
                ),
            },
            requestBody=body(
                {
                    "vehicle_id": REFERENCE,
                    "action": {
                        "type": "string",
                        "enum": list(Command.codes()),
                    },
                    "performer_id": REFERENCE,
                },
                ["vehicle_id", "action", "performer_id"],
            ),
        )
    },
    "/api/audit/control": {
        "get": operation(
            "The audit log of control commands, newest first",
            {"200": ok("The entries.", "AuditEntries")},
            parameters=[
                query("vehicle_id", REFERENCE, False),
                query("performer_id", REFERENCE, False),
                query(
                    "limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, False
                ),
            ],
        )
    },
}

SCHEMAS: dict[str, Any] = {
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
}
