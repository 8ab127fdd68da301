"""Audit entries whose sender died mid-command: settled as `unknown` once nobody waits for them.

The entry is committed `pending` before Drive is called, so a worker killed while Drive has the
command leaves it pending. A live sender settles its entry within the command timeout plus
CONTROL_PENDING_MARGIN_SECONDS (room for a slow connection and a wait for the database), so an
entry pending longer than that is abandoned. One conditional UPDATE settles those: it touches
only rows still pending, so any number of workers on any number of hosts may run it at once,
and an entry its sender settles in time is never touched.

It runs where it is sure to happen and cheap (a partial index holds only the pending entries):
on every command sent, before every read of the audit log, and from `flask control
settle-abandoned`. Readers settle first, so none of them ever shows an abandoned entry pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Update, and_, select, update

from app import metrics
from app.clock import utcnow
from app.control.events import settle_and_record
from app.database import write_transaction
from app.extensions import db
from app.models import ABANDONED, ControlCommand, Outcome

DETAIL = "no outcome was recorded in time: the worker sending it stopped; check the scooter"


def pending_limit() -> timedelta:
    """How long a live sender may keep its entry pending: the command timeout plus a margin."""
    config = current_app.config
    seconds = float(config["DRIVE_COMMAND_TIMEOUT"]) + float(
        config["CONTROL_PENDING_MARGIN_SECONDS"]
    )
    return timedelta(seconds=seconds)


def _abandoned_since(cutoff: datetime):
    return and_(ControlCommand.outcome == Outcome.PENDING, ControlCommand.requested_at < cutoff)


def settle_statement() -> Update:
    """The UPDATE settling every abandoned entry `unknown`, for a write transaction under way."""
    now = utcnow()
    return (
        update(ControlCommand)
        .where(_abandoned_since(now - pending_limit()))
        .values(outcome=Outcome.UNKNOWN, error=ABANDONED, detail=DETAIL, finished_at=now)
        .execution_options(synchronize_session=False)
    )


def settle_abandoned() -> int:
    """Settle the abandoned entries, if any; returns how many. Safe to run anywhere, any time."""
    cutoff = utcnow() - pending_limit()
    found = select(ControlCommand.id).where(_abandoned_since(cutoff)).limit(1)
    if db.session.scalar(found) is None:  # the usual case: a read, no write lock taken
        return 0
    with write_transaction():
        settled = settle_and_record(settle_statement())
    metrics.audit_settled(str(Outcome.UNKNOWN), settled)
    return settled
