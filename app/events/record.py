"""Recording events: `record(kind, ...)`, the one way an event is written.

An event is written in the transaction of the write it describes, so it exists exactly when
that write does. `record()` only queues the event on the session; the queue is written as the
transaction commits (`before_commit`), after everything else the transaction did, and dropped
if it rolls back.

Why the feed's order is safe. A reader pages by id (`WHERE id > cursor`). With plain
autoincrement ids, a transaction that took id 5 and commits after another that took id 6 would
be skipped by a reader that already saw 6. So ids must become visible in the order they are
handed out:
- SQLite has one writer at a time, holding the write lock from its first write to its commit
  (our writes begin IMMEDIATE anyway), so ids are handed out and committed in one order.
- PostgreSQL: the queue is written under a transaction-level advisory lock, taken just before
  the INSERT and released only after the commit is visible. The next writer of events waits
  for it, so it takes its ids after every lower id is visible. Because the lock is taken at
  commit time, after all of the transaction's other work, it is held for one INSERT and the
  commit, and a transaction holding it waits for no other lock (no deadlock).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.events.kinds import EventKind
from app.extensions import db
from app.models.events import Event

_QUEUE = "events_to_record"
# pg_advisory_xact_lock's key for "writing events": any constant no other lock uses.
EVENTS_LOCK_KEY = 0x5C007E7E
_LOCK = text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=EVENTS_LOCK_KEY)


def record(
    kind: EventKind,
    *,
    vehicle_id: str | None = None,
    repair_id: str | None = None,
    job_id: str | None = None,
    performer_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record that `kind` happened, as part of the write transaction under way.

    Call it inside `app.database.write_transaction()` (or any transaction that commits the
    write it describes); the event is written when that transaction commits, and not at all
    if it rolls back.
    """
    kind = EventKind(kind)  # an unlisted kind fails here, at the write, not in the feed
    session = db.session()
    _check_in_transaction(session)
    session.info.setdefault(_QUEUE, []).append(
        {
            "kind": kind.value,
            "occurred_at": utcnow(),
            "vehicle_id": vehicle_id,
            "repair_id": repair_id,
            "job_id": job_id,
            "performer_id": performer_id,
            "data": data,
        }
    )


def _check_in_transaction(session: Session) -> None:
    """On PostgreSQL a request's reads run in autocommit: an event queued there would be
    written apart from any write. Refuse it loudly (a bug in the caller)."""
    connection = session.connection()
    autocommit = getattr(connection.connection.dbapi_connection, "autocommit", False)
    if connection.dialect.name == "postgresql" and autocommit:
        raise RuntimeError("app.events.record() outside a write transaction")


@event.listens_for(Session, "before_commit")
def _write_queued(session: Session) -> None:
    rows = session.info.pop(_QUEUE, None)
    if not rows:
        return
    session.flush()  # the transaction's own writes first: none waits while we hold the lock
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_LOCK)
    connection.execute(insert(Event), rows)


@event.listens_for(Session, "after_rollback")
def _drop_queued(session: Session) -> None:
    session.info.pop(_QUEUE, None)
