"""What a deliverable outbox row looks like: the one check before anything is sent to Drive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.references import is_reference
from app.vocabulary import TagWrite

TAG_MAX = 64
TAG_ID_MAX = 128
COMMENT_MAX = 1000


class BadPayload(ValueError):
    """The row can never be delivered as it is (a wrong kind, a missing or malformed field)."""


@dataclass(frozen=True)
class Write:
    """A checked tag write: ``remove_tag`` uses ``tag_id``; ``add_tag`` uses tag and comment."""

    kind: TagWrite
    vehicle_id: str
    tag_id: str | None = None
    tag: str | None = None
    comment: str | None = None


def checked_write(vehicle_id: Any, kind: Any, payload: Any) -> Write:
    """The write a row asks for; BadPayload naming what is wrong with it."""
    if not isinstance(vehicle_id, str) or not is_reference(vehicle_id):
        raise BadPayload("vehicle_id is not a scooter id")
    if kind not in TagWrite.codes():
        raise BadPayload(f"unknown kind {str(kind)[:40]!r}")
    if not isinstance(payload, dict):
        raise BadPayload("payload is not an object")
    if kind == TagWrite.REMOVE_TAG:
        return Write(TagWrite.REMOVE_TAG, vehicle_id, tag_id=_text(payload, "tag_id", TAG_ID_MAX))
    comment = payload.get("comment")
    if comment is not None and (not isinstance(comment, str) or len(comment) > COMMENT_MAX):
        raise BadPayload(f"comment is not text of at most {COMMENT_MAX} characters")
    return Write(TagWrite.ADD_TAG, vehicle_id, tag=_text(payload, "tag", TAG_MAX), comment=comment)


def _text(payload: dict[str, Any], name: str, limit: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise BadPayload(f"{name} is not text of 1-{limit} characters")
    return value
