"""Delivering the outbox: claim a due row with a lease, call Drive, settle it, audit the attempt.

Several threads, workers and hosts deliver at once. A row is claimed by a conditional UPDATE
(still pending, due, and no live lease) that only one of them can win: SQLite serializes
writers (BEGIN IMMEDIATE), and on PostgreSQL a second UPDATE of the row waits for the first
to commit and then finds the lease taken. The Drive call runs outside any transaction. The
row's key is the call's request id, so if a lease runs out during a call (a worker killed or
frozen) and another worker sends the write again, Drive still applies it once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, true, update

from app.clock import utcnow
from app.database import write_transaction
from app.drive import DriveError, DriveNotFound, DriveRefused, get_drive
from app.extensions import db
from app.models.outbox import OutboxAttempt, OutboxEntry
from app.vocabulary import Delivery, Outcome, TagWrite

from .payloads import BadPayload, Write, checked_write

log = logging.getLogger(__name__)

BATCH = 20
# A lease outlives the Drive call it covers (the command deadline) by this much.
LEASE_MARGIN_SECONDS = 30.0
BAD_PAYLOAD = "bad_payload"
INTERNAL = "internal_error"


@dataclass(frozen=True)
class Claim:
    """A row this worker holds the lease on, as it was when claimed."""

    entry_id: int
    key: str
    vehicle_id: str
    kind: str
    payload: object
    attempts: int


@dataclass
class DeliveryReport:
    """What one delivery round did."""

    delivered: int = 0
    retrying: int = 0
    rejected: int = 0

    @property
    def claimed(self) -> int:
        """Rows this round claimed (each was attempted once)."""
        return self.delivered + self.retrying + self.rejected


def worker_name() -> str:
    """This thread's name in leases and the audit: host, process and thread."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{threading.get_ident() % 100000}"


def deliver_due(limit: int = BATCH) -> DeliveryReport:
    """Claim and deliver up to ``limit`` due rows, one at a time; never raises for one row."""
    report, worker = DeliveryReport(), worker_name()
    for entry_id in _due_ids(limit):
        claim = _claim(entry_id, worker)
        if claim is None:
            continue  # another worker has it, or it was settled meanwhile
        status = _deliver(claim, worker)
        if status == Delivery.DELIVERED:
            report.delivered += 1
        elif status == Delivery.REJECTED:
            report.rejected += 1
        else:
            report.retrying += 1
    return report


def deliver_all_due() -> DeliveryReport:
    """Deliver rounds while rows are due; stop once a round claims none or a write fails
    (Drive in trouble: the rest waits for the next run rather than fail in a row)."""
    total = DeliveryReport()
    while True:
        report = deliver_due()
        total.delivered += report.delivered
        total.retrying += report.retrying
        total.rejected += report.rejected
        if report.claimed == 0 or report.retrying:
            return total


def _due_ids(limit: int) -> list[int]:
    now = utcnow()
    ids = db.session.scalars(
        select(OutboxEntry.id)
        .where(
            OutboxEntry.status == Delivery.PENDING,
            OutboxEntry.next_attempt_at <= now,
            or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now),
        )
        .order_by(OutboxEntry.next_attempt_at, OutboxEntry.id)
        .limit(limit)
    ).all()
    db.session.commit()  # end the read: each claim is its own transaction
    return list(ids)


def _claim(entry_id: int, worker: str) -> Claim | None:
    """Take the row's lease if it is still pending, due and free; None if someone else won."""
    now = utcnow()
    lease = current_app.config["DRIVE_COMMAND_TIMEOUT"] + LEASE_MARGIN_SECONDS
    with write_transaction():
        taken = db.session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id == entry_id,
                OutboxEntry.status == Delivery.PENDING,
                OutboxEntry.next_attempt_at <= now,
                or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now),
            )
            .values(
                claimed_by=worker,
                claimed_until=now + timedelta(seconds=lease),
                attempts=OutboxEntry.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return None
        row = db.session.execute(
            select(
                OutboxEntry.key,
                OutboxEntry.vehicle_id,
                OutboxEntry.kind,
                OutboxEntry.payload,
                OutboxEntry.attempts,
            ).where(OutboxEntry.id == entry_id)
        ).one()
    return Claim(entry_id, *row)


def _deliver(claim: Claim, worker: str) -> Delivery:
    """One attempt at the claimed row; the row settled and the attempt audited."""
    started = utcnow()
    try:
        write = checked_write(claim.vehicle_id, claim.kind, claim.payload)
        detail = _send(write, claim.key)
    except BadPayload as bad:
        return _settle(claim, worker, started, Outcome.FAILED, BAD_PAYLOAD, str(bad), final=True)
    except DriveError as failure:
        outcome = Outcome.UNKNOWN if failure.outcome_unknown else Outcome.FAILED
        text = "; ".join(t for t in (failure.detail, failure.message) if t) or None
        return _settle(claim, worker, started, outcome, failure.code, text, final=_final(failure))
    except Exception as error:  # a bug must not stop delivery of the other rows
        log.exception("outbox row %s: delivery failed", claim.entry_id)
        text = f"{type(error).__name__}: {error}"[:500]
        return _settle(claim, worker, started, Outcome.FAILED, INTERNAL, text, final=False)
    return _settle(claim, worker, started, Outcome.OK, None, detail, final=True)


def _send(write: Write, request_id: str) -> str:
    """Call Drive; what it confirmed, in a few words for the audit."""
    drive = get_drive()
    if write.kind == TagWrite.REMOVE_TAG:
        removed = drive.remove_tag(write.vehicle_id, write.tag_id or "", request_id)
        return "removed" if removed else "was not there"
    tag_id = drive.add_tag(write.vehicle_id, write.tag or "", write.comment, request_id)
    return f"tag_id {tag_id}"


def _final(failure: DriveError) -> bool:
    """Drive's answer means the write can never succeed as it is: no such car, a bad request."""
    if isinstance(failure, DriveNotFound):
        return True
    return isinstance(failure, DriveRefused) and failure.http_status == 400


def _settle(
    claim: Claim,
    worker: str,
    started: datetime,
    outcome: Outcome,
    error: str | None,
    detail: str | None,
    *,
    final: bool,
) -> Delivery:
    """Record the attempt and the row's new state; a confirmed write is settled whoever holds
    the lease, a failed one only by its holder (a newer holder's attempt decides)."""
    now = utcnow()
    if outcome == Outcome.OK:
        status = Delivery.DELIVERED
    else:
        status = Delivery.REJECTED if final else Delivery.PENDING
    changes: dict[str, object] = {
        "status": status,
        "claimed_by": None,
        "claimed_until": None,
        "last_error": error,
        "last_detail": detail,
    }
    if status == Delivery.PENDING:
        changes["next_attempt_at"] = now + timedelta(seconds=retry_delay(claim.attempts))
    else:
        changes["settled_at"] = now
    ours = OutboxEntry.claimed_by == worker
    with write_transaction():
        db.session.add(
            OutboxAttempt(
                entry_id=claim.entry_id,
                worker=worker,
                outcome=outcome,
                error=error,
                detail=detail,
                started_at=started,
                finished_at=now,
            )
        )
        db.session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id == claim.entry_id,
                OutboxEntry.status == Delivery.PENDING,
                ours if status != Delivery.DELIVERED else true(),
            )
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
    return status


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: doubling, capped."""
    config = current_app.config
    first, longest = config["OUTBOX_RETRY_SECONDS"], config["OUTBOX_RETRY_MAX_SECONDS"]
    return min(longest, first * 2 ** min(max(attempts - 1, 0), 30))
