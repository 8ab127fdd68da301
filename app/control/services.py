"""Sending a control command: checked, written to the audit log first, then sent once.

The audit row is committed *before* Drive is called, so even a worker killed mid-call leaves a
trace ("pending", settled `unknown` later: see abandoned.py); it is then settled once with the
outcome. Commands are never retried.

Who may command which scooter is decided here alone, for the API and the tablet alike: a
performer on shift (CONTROL_REQUIRE_SHIFT), with a repair of that scooter in progress.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app import metrics
from app.control import abandoned
from app.control.events import command_sent, settle_and_record
from app.database import write_transaction
from app.drive import ACTIONS, DriveError, DriveNotFound, get_drive
from app.errors import Forbidden, ServiceError, Unprocessable
from app.extensions import db
from app.models import ControlCommand, Outcome, Repair, Status
from app.repairs import lookup
from app.shifts.services import current_shift

# Our API status for each Drive failure (docs/API.md, "Control").
_STATUS_FOR = {
    "unknown_vehicle": 422,
    "drive_error": 502,
    "drive_unavailable": 503,
    "drive_timeout": 504,
}


class CommandFailed(ServiceError):
    """Drive did not confirm the command; the audit entry says how it ended."""

    def __init__(self, error: DriveError, audit: ControlCommand) -> None:
        message = (
            "Drive knows no such vehicle."
            if isinstance(error, DriveNotFound)
            else "The command's outcome is unknown: check the scooter."
            if audit.outcome == Outcome.UNKNOWN
            else "Drive did not run the command."
        )
        super().__init__(
            message, code=error.code, audit_id=audit.id, outcome=audit.outcome, detail=error.detail
        )
        self.status = _STATUS_FOR.get(error.code, 502)
        self.audit = audit
        self.drive_error = error  # pages word Drive's own code (app/web/drive_words.py)


class CommandDenied(Forbidden):
    """A rule refused the command before it was sent; the audit entry says `denied` and why."""

    def __init__(self, message: str, code: str, audit: ControlCommand) -> None:
        super().__init__(message, code=code, audit_id=audit.id, outcome=Outcome.DENIED.value)
        self.audit = audit


def send_command(
    performer_id: str, vehicle_id: str, action: str, channel: str = "api"
) -> ControlCommand:
    """Run one command on a scooter for a performer; returns the settled audit entry."""
    if action not in ACTIONS:
        raise Unprocessable(
            f"Unknown action {action!r}; one of: {', '.join(ACTIONS)}.", code="unknown_action"
        )
    lookup.active_user(performer_id)
    with write_transaction():  # committed before Drive is called: the attempt is on record
        settle_and_record(abandoned.settle_statement())  # each send sweeps: no timer needed
        repair_id = _active_repair_id(performer_id, vehicle_id)
        audit = ControlCommand(
            performer_id=performer_id,
            vehicle_id=vehicle_id,
            action=action,
            channel=channel,
            repair_id=repair_id,
        )
        db.session.add(audit)
        command_sent(audit)
    _check_allowed(audit, performer_id, repair_id)
    try:
        result = get_drive().send_command(vehicle_id, action)
    except DriveError as error:
        outcome = Outcome.UNKNOWN if error.outcome_unknown else Outcome.FAILED
        _settle(audit, outcome, error=error.code, detail=_detail(error))
        raise CommandFailed(error, audit) from None
    _settle(audit, Outcome.OK, result=result.result)
    return audit


def _check_allowed(audit: ControlCommand, performer_id: str, repair_id: str | None) -> None:
    """The rules a command must pass before it is sent; a refusal is settled `denied`."""
    if current_app.config["CONTROL_REQUIRE_SHIFT"] and current_shift(performer_id) is None:
        _settle(audit, Outcome.DENIED, error="not_on_shift")
        raise CommandDenied("Only a performer on shift may send commands.", "not_on_shift", audit)
    if repair_id is None:
        _settle(audit, Outcome.DENIED, error="not_in_repair")
        raise CommandDenied(
            "Commands go only to a scooter in the performer's own repair in progress.",
            "not_in_repair",
            audit,
        )


def _active_repair_id(performer_id: str, vehicle_id: str) -> str | None:
    """The performer's repair of this scooter in progress: the one a command belongs to."""
    return db.session.scalar(
        select(Repair.repair_id).where(
            Repair.performer_id == performer_id,
            Repair.vehicle_id == vehicle_id,
            Repair.status == Status.PERFORMING,
        )
    )


def _detail(error: DriveError) -> str | None:
    parts = [part for part in (error.detail, error.message) if part]
    return ": ".join(parts) or None


def _settle(audit: ControlCommand, outcome: Outcome, **fields) -> None:
    """Record the outcome (read back from the row on next use), unless already settled."""
    with write_transaction():
        settled = settle_and_record(ControlCommand.settle(audit.id, outcome, **fields))
    metrics.audit_settled(str(outcome), settled)


def audit_entries(
    vehicle_id: str | None = None,
    performer_id: str | None = None,
    limit: int = 50,
    repair_id: str | None = None,
) -> list[ControlCommand]:
    """Audit entries, newest first, optionally for one scooter, performer and/or repair."""
    abandoned.settle_abandoned()
    query = select(ControlCommand)
    if repair_id:
        query = query.where(ControlCommand.repair_id == repair_id)
    if vehicle_id:
        query = query.where(ControlCommand.vehicle_id == vehicle_id)
    if performer_id:
        query = query.where(ControlCommand.performer_id == performer_id)
    order = (ControlCommand.requested_at.desc(), ControlCommand.id.desc())
    return list(db.session.scalars(query.order_by(*order).limit(limit)))
