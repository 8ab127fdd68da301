"""The operations of the OpenAPI document: every path, its parameters, bodies and answers."""

from __future__ import annotations

from typing import Any

from app.vocabulary import Command, Status

COMMENT = {
    "type": "string",
    "maxLength": 2000,
    # Mirrors params.optional_comment: no control characters but tab, newline, return.
    "pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$",
    "description": "The reason, free text (kept; blank means none; no control characters "
    "but newline and tab). A replayed end keeps the first reason.",
}
STATUS_END = {
    "type": "string",
    "enum": [status.value for status in Status.endings()],
    "default": Status.COMPLETED.value,
}
TOKEN_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
# Mirrors references.is_reference: no control characters, no whitespace at the ends.
REFERENCE_PATTERN = r"^[^\s\x00-\x1f\x7f-\x9f]([^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f])?$"
REFERENCE = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": REFERENCE_PATTERN}


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def error(description: str, *codes: str) -> dict[str, Any]:
    """An error response whose body is the common Error object."""
    text = description + (f" Codes: {', '.join(codes)}." if codes else "")
    return {"description": text, "content": {"application/json": {"schema": ref("Error")}}}


def ok(description: str, schema: str) -> dict[str, Any]:
    """A successful JSON response."""
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """A JSON request body; the same fields may also come in the query string."""
    return {
        "required": True,
        "description": "Fields may also be given in the query string; `job-id`, "
        "`vehicle-id`, `repair-id` are accepted as aliases. Any other field is refused "
        "(400 `unknown_parameter`).",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": properties,
                    "required": required,
                    "additionalProperties": False,
                }
            }
        },
    }


def query(name: str, schema: dict[str, Any], required: bool, description: str = "") -> dict:
    """A query-string parameter."""
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


AUTH_ERRORS = {
    "400": error(
        "The request's form is wrong: a field missing or malformed, or a parameter this "
        "handle does not take (named in the message; `action` or `command` on any handle "
        "but POST /api/scooter/control is `use_control_handle`).",
        "invalid_request",
        "unknown_parameter",
        "use_control_handle",
    ),
    "401": error("Missing or wrong API token.", "unauthorized"),
}


def operation(summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One operation with the errors every authenticated operation may answer."""
    return {
        "summary": summary,
        "security": [{"bearer": []}],
        "responses": {**responses, **AUTH_ERRORS, "500": error("A bug.", "internal_error")},
        **extra,
    }


PATHS: dict[str, Any] = {
    "/api/repair/start": {
        "post": operation(
            "Start a repair (repair_id is the idempotency token)",
            {
                "201": ok("Created, performing.", "Repair"),
                "200": ok("A retry of the same start; nothing new created.", "Repair"),
                "403": error(
                    "A field repair: the mission is another performer's.", "not_your_mission"
                ),
                "404": error("A field repair: no such mission.", "not_found"),
                "409": error(
                    "The performer or the vehicle is busy (`repair_id` of the other repair in "
                    "the error); for a field repair, the mission is closed or the point ended.",
                    "performer_busy",
                    "vehicle_busy",
                    "mission_closed",
                    "point_finished",
                ),
                "422": error(
                    "Unknown reference, the repair_id exists with other parameters, or the "
                    "vehicle is not a point of the mission.",
                    "idempotency_mismatch",
                    "unknown_performer",
                    "unknown_place",
                    "unknown_vehicle",
                    "not_a_point",
                ),
            },
            requestBody=body(
                {
                    "repair_id": TOKEN_ID,
                    "performer_id": REFERENCE,
                    "vehicle_id": REFERENCE,
                    "place_id": {**REFERENCE, "description": "A warehouse repair: where."},
                    "mission_id": {
                        **TOKEN_ID,
                        "description": "A field repair instead: the mission whose point "
                        "this vehicle is (give `place_id` or `mission_id`, not both).",
                    },
                },
                ["repair_id", "performer_id", "vehicle_id"],
            ),
        )
    },
    "/api/repair/end": {
        "post": operation(
            "Finish a repair as completed (default), failed or cancelled",
            {
                "200": ok("Finished (or the same finish again).", "Repair"),
                "404": error("No such repair.", "not_found"),
                "409": error(
                    "Jobs still running, none completed, or finished otherwise.",
                    "jobs_in_progress",
                    "no_completed_jobs",
                    "already_finished",
                ),
            },
            requestBody=body(
                {"repair_id": TOKEN_ID, "status": STATUS_END, "comment": COMMENT}, ["repair_id"]
            ),
        )
    },
    "/api/repair-job/start": {
        "post": operation(
            "Start a job in a performing repair (job_id is the idempotency token)",
            {
                "201": ok("Created, performing.", "Job"),
                "200": ok("A retry of the same start.", "Job"),
                "404": error("No such repair.", "not_found"),
                "409": error("The repair has ended.", "repair_not_active"),
                "422": error(
                    "Unknown or retired job type, or the job_id exists with other parameters.",
                    "unknown_job_type",
                    "idempotency_mismatch",
                ),
            },
            requestBody=body(
                {"repair_id": TOKEN_ID, "job_id": TOKEN_ID, "type": REFERENCE},
                ["repair_id", "job_id", "type"],
            ),
        )
    },
    "/api/repair-job/end": {
        "post": operation(
            "Finish a job as completed (default), failed or cancelled",
            {
                "200": ok("Finished (or the same finish again).", "Job"),
                "404": error("No such job.", "not_found"),
                "409": error("Finished with another status.", "already_finished"),
            },
            requestBody=body(
                {"job_id": TOKEN_ID, "status": STATUS_END, "comment": COMMENT}, ["job_id"]
            ),
        )
    },
    "/api/places": {
        "get": operation(
            'The active warehouses, by id (the bot\'s "choose the place" step)',
            {"200": ok("The warehouses.", "Places")},
        )
    },
    "/api/repair": {
        "get": operation(
            "One repair by its id, with its jobs",
            {
                "200": ok("The repair.", "Repair"),
                "404": error("No such repair.", "not_found"),
            },
            parameters=[query("repair_id", TOKEN_ID, True, "The repair's id (or `repair-id`)")],
        )
    },
    "/api/performers/{performer_id}/active-repair": {
        "get": operation(
            "The performer's repair in progress (how a restarted bot recovers its user's state)",
            {
                "200": ok("The performing repair, with its jobs.", "Repair"),
                "404": error("The performer has no repair in progress.", "no_active_repair"),
                "422": error("No such active performer.", "unknown_performer"),
            },
            parameters=[
                {
                    "name": "performer_id",
                    "in": "path",
                    "required": True,
                    "schema": REFERENCE,
                    "description": "The performer's id",
                }
            ],
        )
    },
    "/api/job-types": {
        "get": operation(
            "Job types, active and retired, in the managers' order",
            {"200": ok("The job types.", "JobTypes")},
        )
    },
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
    "/api/shift/start": {
        "post": operation(
            "Go on shift at a warehouse (the same shift if already there)",
            {
                "200": ok("The open shift.", "Shift"),
                "422": error(
                    "No such active performer or place.", "unknown_performer", "unknown_place"
                ),
            },
            requestBody=body(
                {"performer_id": REFERENCE, "place_id": REFERENCE}, ["performer_id", "place_id"]
            ),
        )
    },
    "/api/shift/end": {
        "post": operation(
            "End the performer's shift",
            {
                "200": ok("The ended shift.", "Shift"),
                "404": error("The performer is not on shift.", "not_found"),
            },
            requestBody=body({"performer_id": REFERENCE}, ["performer_id"]),
        )
    },
    "/api/docs": {
        "get": {
            "summary": "This document in Swagger UI (an HTML page)",
            "security": [],
            "responses": {
                "200": {
                    "description": "The page.",
                    "content": {"text/html": {"schema": {"type": "string"}}},
                }
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}
