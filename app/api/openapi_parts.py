"""Building blocks of the OpenAPI document: shared parameter schemas, answers, bodies and
the errors every authenticated operation may answer. Each handle family's module
(`openapi_paths`, `openapi_scooters`, `openapi_complaints`, ...) writes its paths with them."""

from __future__ import annotations

from typing import Any

from app.vocabulary import Status

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
