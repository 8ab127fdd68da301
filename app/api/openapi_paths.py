"""The operations of the OpenAPI document: repairs, jobs, places, job types, shifts and the
document itself (the scooter handles are in `openapi_scooters`)."""

from __future__ import annotations

from typing import Any

from app.api.openapi_parts import (
    COMMENT,
    REFERENCE,
    STATUS_END,
    TOKEN_ID,
    body,
    error,
    ok,
    operation,
    query,
)

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
