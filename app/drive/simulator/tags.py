"""The simulated Drive's tag writes: adding and removing a car's tags, each once per request id.

A car's tags are those of its fleet description (or its edited details), each with a stable
``tag_id``, less the ones removed, plus the ones added. Every write is logged with its request
id and whether it changed anything, so tests can tell a write applied once from one applied
twice; a repeated request id gets the first answer again and changes nothing.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .store import StateStore

# Ids of the tags a car starts with: stable across processes and restarts.
TAG_NAMESPACE = uuid.UUID("5f0c1d2e-7a3b-4c4d-9e8f-0a1b2c3d4e5f")
TAG_MAX = 64
COMMENT_MAX = 1000
REQUEST_ID_MAX = 128


@dataclass(frozen=True)
class TagWrite:
    """One logged tag write: ``op`` is ``add`` or ``remove``; ``applied`` if it changed tags."""

    request_id: str
    vehicle_id: str
    op: str
    tag_id: str
    tag: str | None
    applied: bool


def initial_tag_id(vehicle_id: str, index: int, tag: dict[str, Any]) -> str:
    """The stable id of the ``index``-th tag a car starts with (when its details give none)."""
    name = f"{vehicle_id}/{index}/{tag.get('tag')}/{tag.get('created_at')}"
    return str(uuid.uuid5(TAG_NAMESPACE, name))


class TagLedger:
    """The tag writes of every car, kept in the simulator's state file."""

    def __init__(self, store: StateStore) -> None:
        """Keep the writes in ``store``'s file."""
        self.store = store

    def current(self, vehicle_id: str, tags: Any) -> Any:
        """The car's tags now: ``tags`` (from its details) with ids, less removed, plus added."""
        if not isinstance(tags, list):
            return tags
        with self.store.transaction() as conn:
            return _current(conn, vehicle_id, tags)

    def add(self, vehicle_id: str, request_id: str, tag: str, comment: str | None) -> str:
        """Add a tag once per request id; the tag's id (the first one for a repeated id)."""
        with self.store.transaction(write=True) as conn:
            row = conn.execute(
                "SELECT tag_id FROM tag_writes WHERE request_id = ?", (request_id,)
            ).fetchone()
            if row is not None:
                return row[0]
            tag_id = str(uuid.uuid4())
            self._log(conn, request_id, vehicle_id, "add", tag_id, tag, comment, applied=True)
        return tag_id

    def remove(self, vehicle_id: str, request_id: str, tag_id: str, tags: Any) -> bool:
        """Remove a tag once per request id; True if this request removed it (it was there).

        ``tags`` are the car's tags from its details, before any write.
        """
        with self.store.transaction(write=True) as conn:
            row = conn.execute(
                "SELECT applied FROM tag_writes WHERE request_id = ?", (request_id,)
            ).fetchone()
            if row is not None:
                return bool(row[0])
            now = _current(conn, vehicle_id, tags if isinstance(tags, list) else [])
            present = any(isinstance(t, dict) and t.get("tag_id") == tag_id for t in now)
            self._log(conn, request_id, vehicle_id, "remove", tag_id, None, None, applied=present)
        return present

    def writes(self, vehicle_id: str | None = None) -> list[TagWrite]:
        """Tag writes received, oldest first (repeats of a request id are not logged again)."""
        sql = "SELECT request_id, vehicle_id, op, tag_id, tag, applied FROM tag_writes"
        args: tuple[str, ...] = ()
        if vehicle_id is not None:
            sql, args = sql + " WHERE vehicle_id = ?", (vehicle_id,)
        with self.store.transaction() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [TagWrite(r, v, o, t, g, bool(a)) for r, v, o, t, g, a in rows]

    @staticmethod
    def _log(
        conn: Any,
        request_id: str,
        vehicle_id: str,
        op: str,
        tag_id: str,
        tag: Any,
        comment: Any,
        *,
        applied: bool,
    ) -> None:
        conn.execute(
            "INSERT INTO tag_writes (request_id, vehicle_id, op, tag_id, tag, comment, "
            "created_at, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (request_id, vehicle_id, op, tag_id, tag, comment, time.time(), int(applied)),
        )


def _current(conn: Any, vehicle_id: str, tags: list[Any]) -> list[Any]:
    rows = conn.execute(
        "SELECT op, tag_id, tag, comment, created_at FROM tag_writes "
        "WHERE vehicle_id = ? AND applied = 1 ORDER BY id",
        (vehicle_id,),
    ).fetchall()
    removed = {tag_id for op, tag_id, *_ in rows if op == "remove"}
    current = [
        {"tag_id": initial_tag_id(vehicle_id, i, t)} | t if isinstance(t, dict) else t
        for i, t in enumerate(tags)
    ]
    for op, tag_id, tag, comment, created_at in rows:
        if op == "add":
            stamp = datetime.fromtimestamp(created_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            current.append({"tag_id": tag_id, "tag": tag, "comment": comment, "created_at": stamp})
    return [t for t in current if not (isinstance(t, dict) and t.get("tag_id") in removed)]
