"""The feed's events of commands: sent (on record, before Drive is asked) and settled."""

from __future__ import annotations

from sqlalchemy import Update

from app.events.kinds import EventKind
from app.events.record import record
from app.extensions import db
from app.models import ControlCommand


def command_sent(audit: ControlCommand) -> None:
    """`command.sent`, in the transaction that writes the audit entry."""
    db.session.flush()  # the entry's id
    record(
        EventKind.COMMAND_SENT,
        vehicle_id=audit.vehicle_id,
        repair_id=audit.repair_id,
        performer_id=audit.performer_id,
        data={"audit_id": audit.id, "action": audit.action, "channel": audit.channel},
    )


def settle_and_record(statement: Update) -> int:
    """Run a settling UPDATE and record `command.settled` for each entry it settled; returns
    how many. An entry the statement leaves alone (already settled) gets no second event."""
    c = ControlCommand
    returning = (c.id, c.vehicle_id, c.repair_id, c.performer_id, c.action, c.outcome, c.error)
    settled = db.session.execute(statement.returning(*returning)).all()
    for row in settled:
        record(
            EventKind.COMMAND_SETTLED,
            vehicle_id=row.vehicle_id,
            repair_id=row.repair_id,
            performer_id=row.performer_id,
            data={
                "audit_id": row.id,
                "action": row.action,
                "outcome": row.outcome,
                "error": row.error,
            },
        )
    return len(settled)
