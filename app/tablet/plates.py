"""Reading a scooter's plate number out of whatever a scanner or a repairer gives us.

Accepted: a bare number ("0421", " 04 21 "), our own label links (https://host/s/0421), and
the operator's rental QR links, which carry the number in a query parameter
(https://go.example/scooter?number=0421) or as the last path segment (…/scooter/0421).
Plates are painted with at least four digits (0421); people typing one often drop the leading
zeros, so a shorter all-digit number is read with them ("421" is 0421).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

# A plate is short, made of letters, digits and dashes, and has at least one digit. A vehicle
# UUID or a path word such as "scooter" is therefore never mistaken for one.
_PLATE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
_QUERY_KEYS = ("number", "n", "id", "plate")
PLATE_MIN_DIGITS = 4
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|/", re.IGNORECASE)


def as_plate(text: str | None) -> str | None:
    """`text` as a normalised plate (upper case, no spaces), or None if it is not one."""
    if not text:
        return None
    candidate = re.sub(r"\s+", "", unquote(text)).upper()
    if not _PLATE.fullmatch(candidate) or not any(ch.isdigit() for ch in candidate):
        return None
    return candidate.zfill(PLATE_MIN_DIGITS) if candidate.isdigit() else candidate


def shown_input(text: str, limit: int = 40) -> str:
    """What someone typed, cut short enough to quote back in a sentence."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plate_from_text(text: str | None) -> str | None:
    """The plate number in a typed or scanned text, or None when there is none."""
    text = (text or "").strip()
    if not text:
        return None
    if not _URLISH.search(text):
        return as_plate(text)
    parts = urlsplit(text if "://" in text or text.startswith("/") else f"https://{text}")
    query = parse_qs(parts.query)
    for key in _QUERY_KEYS:
        for value in query.get(key, []):
            plate = as_plate(value)
            if plate:
                return plate
    segments = [segment for segment in parts.path.split("/") if segment]
    return as_plate(segments[-1]) if segments else None
