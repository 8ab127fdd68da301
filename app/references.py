"""What an upstream id or plate may look like: the one rule for ids we keep and are asked for."""

from __future__ import annotations

import unicodedata

# The columns that keep ids and plates (vehicles, repairs, audit) are this long.
REFERENCE_LENGTH = 64


def is_reference(value: str) -> bool:
    """1-64 characters, no control characters or lone surrogates, no whitespace at the ends.

    The API asks for `performer_id`, `vehicle_id`, `place_id` and plate numbers by it, and Drive's
    car ids and numbers are kept only when they pass it. The same rule stands as a pattern in
    the OpenAPI document (openapi_parts.REFERENCE_PATTERN).
    """
    return (
        0 < len(value) <= REFERENCE_LENGTH
        and value == value.strip()
        and not any(unicodedata.category(c) in ("Cc", "Cs") for c in value)
    )
