"""Keyset paging of lists ordered newest first, by (a moment, an id).

A page continues after (or, going back, before) the key of a row, never with OFFSET, so page
1000 costs what page 1 does. The conditions carry an extra `moment <= key` (or `>=`) so both
databases walk the index on the moment column. The key travels in the page's links as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement

_MOMENT = "%Y%m%dT%H%M%S%f"
_MAX_ID = 2**63 - 1  # the largest id either database stores


@dataclass(frozen=True)
class Cursor:
    """The key of a row: where a page starts or ends."""

    at: datetime
    id: int

    def encode(self) -> str:
        """The key for a link: the UTC moment to the microsecond, a dot, the id."""
        return f"{self.at.astimezone(UTC).strftime(_MOMENT)}.{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor in `text`, or None when there is none or it is garbled (the first page)."""
        moment, dot, ident = (text or "").partition(".")
        if not dot or not (ident.isascii() and ident.isdigit()) or int(ident) > _MAX_ID:
            return None
        try:
            return cls(datetime.strptime(moment, _MOMENT).replace(tzinfo=UTC), int(ident))
        except ValueError:
            return None


def older_than(key: Cursor, moment: ColumnElement, row_id: ColumnElement) -> ColumnElement:
    """The rows after `key` in newest-first order."""
    return and_(moment <= key.at, or_(moment < key.at, and_(moment == key.at, row_id < key.id)))


def newer_than(key: Cursor, moment: ColumnElement, row_id: ColumnElement) -> ColumnElement:
    """The rows before `key` in newest-first order."""
    return and_(moment >= key.at, or_(moment > key.at, and_(moment == key.at, row_id > key.id)))
