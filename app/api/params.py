"""Reading API parameters from the JSON body or the query string, with the note's aliases.

Anything malformed is a 400 `invalid_request` that names the field; nothing here knows rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from flask import request

from app.errors import InvalidRequest
from app.references import is_reference

# The original note spelled some parameters with hyphens; both spellings are accepted.
ALIASES = {
    "repair-id": "repair_id",
    "job-id": "job_id",
    "vehicle-id": "vehicle_id",
    "performer-id": "performer_id",
    "place-id": "place_id",
}
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Parameters that ask for a command: on any other handle they are refused, never ignored
# (the note wrote the control handle as `/scooter/info?vehicle_id=&action=`).
COMMAND_PARAMETERS = ("action", "command")
CONTROL_HANDLE = "POST /api/scooter/control"
COMMENT_MAX = 2000
COMMENT_WHITESPACE = "\t\n\r"  # the only control characters a comment may hold


def read(*accepted: str) -> dict[str, Any]:
    """Merge the query string and the JSON body into one dict of canonical names.

    Only the `accepted` names (canonical spelling) may be given: a command parameter is a
    400 `use_control_handle`, any other unknown name a 400 `unknown_parameter` naming it, so
    that a typo never passes as a read or a default.
    """
    merged: dict[str, Any] = {}
    for key, values in request.args.to_dict(flat=False).items():
        if len(set(values)) > 1:
            raise InvalidRequest(f"Parameter {key!r} is given more than once.", field=key)
        _put(merged, key, values[0])
    for key, value in _json_body().items():
        _put(merged, key, value)
    _refuse_unknown(merged, accepted)
    return merged


def _refuse_unknown(merged: dict[str, Any], accepted: tuple[str, ...]) -> None:
    unknown = sorted(name for name in merged if name not in accepted)
    if not unknown:
        return
    commands = [name for name in unknown if name in COMMAND_PARAMETERS]
    if commands:
        raise InvalidRequest(
            f"This handle sends no command; to control a scooter, send {commands[0]!r} "
            f"to {CONTROL_HANDLE}.",
            code="use_control_handle",
            field=commands[0],
            use=CONTROL_HANDLE,
        )
    names = ", ".join(repr(name) for name in unknown)
    known = ", ".join(accepted) if accepted else "none"
    raise InvalidRequest(
        f"Unknown parameter(s) {names}; this handle accepts: {known}.",
        code="unknown_parameter",
        field=unknown[0],
        parameters=unknown,
    )


def _json_body() -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidRequest("The request body is not valid JSON.") from None
    except RecursionError:  # e.g. [[[[...]]]] 100,000 deep: the parser runs out of stack
        raise InvalidRequest("The request body is nested too deeply.") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    return body


def _put(merged: dict[str, Any], key: str, value: Any) -> None:
    name = ALIASES.get(key, key)
    if name in merged and merged[name] != value:
        raise InvalidRequest(
            f"Parameter {name!r} is given twice with different values.", field=name
        )
    merged[name] = value


def _required(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value is None:
        raise InvalidRequest(f"Parameter {name!r} is required.", field=name)
    if not isinstance(value, str):
        raise InvalidRequest(f"Parameter {name!r} must be a string.", field=name)
    return value


def token(params: dict[str, Any], name: str) -> str:
    """A client-chosen id (`repair_id`, `job_id`): 1-64 of [A-Za-z0-9_-]."""
    value = _required(params, name)
    if not TOKEN.fullmatch(value):
        raise InvalidRequest(
            f"Parameter {name!r} must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'.",
            field=name,
        )
    return value


def reference(params: dict[str, Any], name: str) -> str:
    """An upstream id (`performer_id`, `vehicle_id`, `place_id`), see `is_reference`."""
    value = _required(params, name)
    if not is_reference(value):
        raise InvalidRequest(
            f"Parameter {name!r} must be 1-64 printable characters without spaces at the ends.",
            field=name,
        )
    return value


def optional_reference(params: dict[str, Any], name: str) -> str | None:
    """A filter by an upstream id: absent means no filter; present must be valid (not empty)."""
    return reference(params, name) if name in params else None


def choice(params: dict[str, Any], name: str, choices: tuple[str, ...], default: str) -> str:
    """One of `choices`, or `default` when absent."""
    value = params.get(name, default)
    if value not in choices:
        raise InvalidRequest(
            f"Parameter {name!r} must be one of: {', '.join(choices)}.", field=name
        )
    return value


def bounded_int(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    """An integer in [low, high]; query strings give it as digits."""
    value = params.get(name, default)
    if isinstance(value, str) and re.fullmatch(r"\d{1,6}", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidRequest(f"Parameter {name!r} must be an integer {low}-{high}.", field=name)
    return value


def optional_comment(params: dict[str, Any], name: str = "comment") -> str | None:
    """A free-text reason: absent or blank means none; else text of at most COMMENT_MAX."""
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequest(f"Parameter {name!r} must be a string.", field=name)
    value = value.strip()
    if len(value) > COMMENT_MAX:
        raise InvalidRequest(
            f"Parameter {name!r} must be at most {COMMENT_MAX} characters.", field=name
        )
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in COMMENT_WHITESPACE for c in value):
        raise InvalidRequest(
            f"Parameter {name!r} must not hold control characters (but newline and tab).",
            field=name,
        )
    return value or None


def one_of_id_or_number(params: dict[str, Any]) -> None:
    """A scooter named by `vehicle_id` or plate `number`: one of them is required, and each
    one given must be valid (with both, vehicle_id is used)."""
    if params.get("vehicle_id") is None and params.get("number") is None:
        raise InvalidRequest("Give vehicle_id or number.", field="vehicle_id")
    for name in ("vehicle_id", "number"):
        if name in params:
            reference(params, name)
