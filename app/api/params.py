"""Reading API parameters from the JSON body or the query string, with the note's aliases.

Anything malformed is a 400 `invalid_request` that names the field; nothing here knows rules.
"""

from __future__ import annotations

import json
import re
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
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def read() -> dict[str, Any]:
    """Merge the query string and the JSON body into one dict of canonical names."""
    merged: dict[str, Any] = {}
    for key, values in request.args.to_dict(flat=False).items():
        if len(set(values)) > 1:
            raise InvalidRequest(f"Parameter {key!r} is given more than once.", field=key)
        _put(merged, key, values[0])
    for key, value in _json_body().items():
        _put(merged, key, value)
    return merged


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
    if not _TOKEN.fullmatch(value):
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
