"""What we make of Drive's answers: the car details and command results we keep, bounded to
fit our columns and pages (docs/DRIVE.md, "What the client requires")."""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.references import is_reference

from .deadline import Answer
from .errors import DriveBadResponse

# What we keep of a car's details. A field of the wrong type is not Drive's contract: the whole
# answer is a bad response. A field of the right type whose value we cannot use is one bad
# reading: that field alone becomes null or is cut to fit, and the rest of the answer stands.
# - id, number: identifiers, kept whole or not at all (a cut plate could be another scooter's,
#   and lookups by it would find the wrong one); they must pass the API's reference rule, which
#   is also what our columns hold (64). A car id we cannot keep makes the answer a bad response.
# - model, firmware blocks and versions, complaints: labels for people, cut to fit with "…" (a
#   cut label still says what it is) and with control characters made spaces. The model lands
#   in vehicles.model (64); firmware and complaints only on pages, bounded so that a runaway
#   answer cannot bloat the card.
# - mileage, battery: readings, null when out of range or not finite. A clamped or made-up
#   figure would be a false reading, and the mileage feeds km since a repair and km between
#   repairs. NaN and Infinity, which Python's JSON reader accepts, are null everywhere.
LABEL_LENGTH = 64
COMMENT_LENGTH = 1000
MAX_FIRMWARE_BLOCKS = 32
MAX_COMPLAINTS = 50
MAX_MILEAGE_KM = 1_000_000
# The key of a tag Drive sent without an id we can keep (docs/DRIVE.md): ours, not Drive's.
DERIVED_TAG_PREFIX = "derived:"


@dataclass(frozen=True)
class BrokenComplaint:
    """A ``broken`` tag on a car: a complaint written by support.

    ``tag_id`` is Drive's id of the tag when it sent one we can keep (``from_drive``); else a
    key derived from the car, the tag's time and its text, stable across reads, which
    identifies the complaint to us but cannot name the tag to Drive.
    """

    comment: str
    created_at: datetime
    tag_id: str = ""
    from_drive: bool = False


@dataclass(frozen=True)
class Car:
    """Car details as Drive reports them; ``broken`` is newest first."""

    vehicle_id: str
    number: str | None
    model: str | None
    mileage_km: float | None
    battery_percent: int | None
    firmware: dict[str, str] = field(default_factory=dict)
    broken: list[BrokenComplaint] = field(default_factory=list)
    # False when Drive cannot reach the scooter (commands will fail); None when not said.
    online: bool | None = None
    offline_reason: str | None = None  # Drive's code for why, e.g. "battery_flat"


@dataclass(frozen=True)
class CommandResult:
    """Drive confirmed a command; ``result`` is its answer (e.g. self-test findings)."""

    action: str
    result: dict[str, Any]


def json_body(answer: Answer, *, command: bool) -> dict[str, Any]:
    try:
        body = json.loads(answer.content, parse_constant=lambda _: None, parse_float=_finite)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise DriveBadResponse("answer is not JSON", outcome_unknown=command) from exc
    if not isinstance(body, dict):
        raise DriveBadResponse("answer is not a JSON object", outcome_unknown=command)
    return body


def parse_command(action: str, answer: Answer) -> CommandResult:
    body = json_body(answer, command=True)
    result = body.get("result")
    if body.get("status") != "ok" or not isinstance(result, dict):
        raise DriveBadResponse("answer is not {status: ok, result: {...}}", outcome_unknown=True)
    return CommandResult(action=action, result=result)


def parse_tag_added(answer: Answer) -> str:
    """The id Drive gave the added tag (``{"status": "ok", "result": {"tag_id": str}}``)."""
    tag_id = parse_command("add_tag", answer).result.get("tag_id")
    if not isinstance(tag_id, str) or not tag_id:
        raise DriveBadResponse("answer has no tag_id", outcome_unknown=True)
    return tag_id


def parse_tag_removed(answer: Answer) -> bool:
    """Whether this request removed the tag (False: it was not there, also a success)."""
    removed = parse_command("remove_tag", answer).result.get("removed")
    if not isinstance(removed, bool):
        raise DriveBadResponse("answer has no removed flag", outcome_unknown=True)
    return removed


def parse_car(answer: Answer) -> Car:
    car = json_body(answer, command=False).get("car")
    if not isinstance(car, dict):
        raise DriveBadResponse("answer has no car object")
    vehicle_id = car.get("id")
    if not isinstance(vehicle_id, str) or not vehicle_id:
        raise DriveBadResponse("car.id missing")
    if not is_reference(vehicle_id):
        raise DriveBadResponse("car.id is not an id we can keep")
    firmware = car.get("firmware") or {}
    if not isinstance(firmware, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in firmware.items()
    ):
        raise DriveBadResponse("car.firmware is not a map of strings")
    mileage = _within(_typed(car, "mileage_km", (int, float)), 0, MAX_MILEAGE_KM)
    battery = _typed(car, "battery_percent", (int, float))
    if isinstance(battery, float):
        if not battery.is_integer():
            raise DriveBadResponse("car.battery_percent is not an integer")
        battery = int(battery)
    number = _typed(car, "number", (str,))
    online = car.get("online")
    if online is not None and not isinstance(online, bool):
        raise DriveBadResponse("car.online is not a boolean")
    reason = _label(_typed(car, "offline_reason", (str,)), LABEL_LENGTH)
    return Car(
        vehicle_id=vehicle_id,
        number=number.strip() if number is not None and is_reference(number.strip()) else None,
        model=_label(_typed(car, "model", (str,)), LABEL_LENGTH),
        mileage_km=float(mileage) if mileage is not None else None,
        battery_percent=_within(battery, 0, 100),
        firmware=_parse_firmware(firmware),
        broken=_parse_broken(vehicle_id, car.get("tags")),
        online=online,
        offline_reason=reason if online is False else None,
    )


def _typed(car: dict[str, Any], key: str, types: tuple[type, ...]) -> Any:
    """``car[key]`` when absent/null or of one of ``types`` (bools rejected), else an error."""
    value = car.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, types):
        raise DriveBadResponse(f"car.{key} has the wrong type")
    return value


def _finite(text: str) -> float | None:
    """A JSON number with a fraction or exponent; None when beyond a float (``1e400``)."""
    value = float(text)
    return value if math.isfinite(value) else None


def _within(value: Any, low: int, high: int) -> Any:
    """``value`` (any size of int, or a float) when in [low, high], else None.

    Ints are compared before anything converts them: ``float(10**400)`` would raise.
    """
    return value if value is not None and low <= value <= high else None


def _label(value: str | None, limit: int) -> str | None:
    """Drive's text for people: control characters as spaces, lone surrogates as U+FFFD (they
    cannot be encoded, so a page or the database would fail on them), runs of whitespace as
    one space, cut to ``limit`` with "…"; None when nothing is left."""
    if value is None:
        return None
    replaced = {"Cc": " ", "Cs": "\ufffd"}
    shown = "".join(replaced.get(unicodedata.category(c), c) for c in value)
    shown = " ".join(shown.split())
    if len(shown) > limit:
        shown = shown[: limit - 1].rstrip() + "…"
    return shown or None


def _parse_firmware(firmware: dict[str, str]) -> dict[str, str]:
    """Firmware versions by block, the first MAX_FIRMWARE_BLOCKS, as labels."""
    kept = {}
    for block, version in list(firmware.items())[:MAX_FIRMWARE_BLOCKS]:
        block, version = _label(block, LABEL_LENGTH), _label(version, LABEL_LENGTH)
        if block and version:
            kept[block] = version
    return kept


def _parse_broken(vehicle_id: str, tags: Any) -> list[BrokenComplaint]:
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(t, dict) for t in tags):
        raise DriveBadResponse("car.tags is not a list of objects")
    complaints = []
    for tag in tags:
        if tag.get("tag") != "broken":
            continue
        comment = tag.get("comment")
        if comment is not None and not isinstance(comment, str):
            raise DriveBadResponse("broken tag comment is not a string")
        tag_id = tag.get("tag_id")
        if tag_id is not None and not isinstance(tag_id, str):
            raise DriveBadResponse("broken tag tag_id is not a string")
        created_at = _parse_time(tag.get("created_at"))
        from_drive = tag_id is not None and is_reference(tag_id)
        complaints.append(
            BrokenComplaint(
                _label(comment, COMMENT_LENGTH) or "",
                created_at,
                tag_id if from_drive else _derived_tag_key(vehicle_id, created_at, comment),
                from_drive,
            )
        )
    complaints.sort(key=lambda c: c.created_at, reverse=True)
    return complaints[:MAX_COMPLAINTS]


def _derived_tag_key(vehicle_id: str, created_at: datetime, comment: str | None) -> str:
    """A stable key for a tag Drive gave no usable id: the car, the tag's time, its text."""
    seed = f"{vehicle_id}\n{created_at.isoformat()}\n{comment or ''}"
    digest = hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()
    return DERIVED_TAG_PREFIX + digest[:40]


def _parse_time(value: Any) -> datetime:
    """An RFC 3339 timestamp as an aware UTC datetime (naive values are taken as UTC)."""
    if not isinstance(value, str):
        raise DriveBadResponse("tag created_at is not a string")
    try:
        parsed = datetime.fromisoformat(value.strip())
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # "0001-01-01T00:00+01:00" is before year 1 UTC
        raise DriveBadResponse("tag created_at is not an RFC 3339 time") from exc
