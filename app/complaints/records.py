"""Filing, finding, linking and closing complaints: every rule about them, once.

`complaint_id` is chosen by the client (or derived from a Drive tag), so filing is
idempotent: the same id with the same complaint is the same row; with another, a 422
`idempotency_mismatch`, as for repairs and jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.complaints import events, hooks
from app.database import write_transaction
from app.errors import Conflict, NotFound, Unprocessable
from app.extensions import db
from app.models import Complaint, ComplaintJob, Job, Repair
from app.vocabulary import ComplaintStatus


@dataclass(frozen=True)
class ComplaintRequest:
    """What a client files."""

    complaint_id: str
    vehicle_id: str
    source: str
    text: str
    reported_by: str | None = None
    reported_at: datetime | None = None  # None: now


def file_complaint(req: ComplaintRequest) -> tuple[Complaint, bool]:
    """Record a complaint, or recognise a retry. Returns (complaint, created)."""
    existing = find(req.complaint_id)
    if existing is not None:
        return _replayed(existing, req), False
    try:
        with write_transaction():
            complaint = Complaint(
                complaint_id=req.complaint_id,
                vehicle_id=req.vehicle_id,
                source=req.source,
                text=req.text,
                reported_by=req.reported_by,
                reported_at=req.reported_at or utcnow(),
                status=ComplaintStatus.OPEN,
            )
            db.session.add(complaint)
            events.complaint_filed(complaint)
    except IntegrityError:
        existing = find(req.complaint_id)  # a parallel retry committed it first
        if existing is None:
            raise
        return _replayed(existing, req), False
    hooks.complaint_filed(complaint)
    return complaint, True


def _replayed(complaint: Complaint, req: ComplaintRequest) -> Complaint:
    same = (complaint.vehicle_id, complaint.source, complaint.text, complaint.reported_by) == (
        req.vehicle_id,
        req.source,
        req.text,
        req.reported_by,
    )
    if not same or (req.reported_at is not None and req.reported_at != complaint.reported_at):
        raise Unprocessable(
            f"Complaint {req.complaint_id!r} was filed with other parameters.",
            code="idempotency_mismatch",
            complaint_id=req.complaint_id,
        )
    return complaint


def find(complaint_id: str) -> Complaint | None:
    """The complaint with this id, or None."""
    return db.session.scalar(select(Complaint).where(Complaint.complaint_id == complaint_id))


def get(complaint_id: str) -> Complaint:
    """The complaint with this id, else 404."""
    complaint = find(complaint_id)
    if complaint is None:
        raise NotFound(f"No complaint {complaint_id!r}.", complaint_id=complaint_id)
    return complaint


def listed(
    vehicle_ids: list[str] | None = None, status: str | None = None, limit: int = 100
) -> list[Complaint]:
    """Complaints, open ones first, then newest first; of these scooters, of this status."""
    query: Select = select(Complaint)
    if vehicle_ids is not None:
        query = query.where(Complaint.vehicle_id.in_(vehicle_ids))
    if status is not None:
        query = query.where(Complaint.status == status)
    open_first = (Complaint.status != ComplaintStatus.OPEN).asc()
    order = (open_first, Complaint.reported_at.desc(), Complaint.id.desc())
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def of_vehicle(vehicle_id: str) -> list[Complaint]:
    """A scooter's complaints for its card and repair screen: open ones first."""
    return listed([vehicle_id], limit=50)


def linked_job_pks(complaint_pks: list[int]) -> dict[int, set[int]]:
    """For each complaint, the ids (pk) of the jobs linked to it."""
    links: dict[int, set[int]] = {pk: set() for pk in complaint_pks}
    rows = db.session.execute(
        select(ComplaintJob.complaint_pk, ComplaintJob.job_pk).where(
            ComplaintJob.complaint_pk.in_(complaint_pks)
        )
    )
    for complaint_pk, job_pk in rows:
        links[complaint_pk].add(job_pk)
    return links


def toggle_link(complaint_id: str, job: Job) -> bool:
    """Link the job to the complaint, or unlink it if linked; returns whether it is linked now.

    Only an open complaint of the job's scooter can be linked (409 otherwise).
    """
    with write_transaction():
        complaint = get(complaint_id)
        if complaint.vehicle_id != job.repair.vehicle_id:
            raise Conflict("The complaint is about another scooter.", code="other_vehicle")
        if not complaint.is_open:
            raise Conflict("The complaint is closed.", code="complaint_closed")
        link = db.session.get(ComplaintJob, (complaint.id, job.id))
        if link is not None:
            db.session.delete(link)
            return False
        db.session.add(ComplaintJob(complaint_pk=complaint.id, job_pk=job.id))
    return True


def close(complaint_ids: list[str], status: str, repair_pk: int | None = None) -> list[Complaint]:
    """Resolve or reject these complaints (the open ones; a closed one stays as it is)."""
    if status not in (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED):
        raise ValueError(status)
    if not complaint_ids:
        return []
    with write_transaction(keep_loaded=True):
        closing = list(
            db.session.scalars(
                select(Complaint)
                .where(
                    Complaint.complaint_id.in_(complaint_ids),
                    Complaint.status == ComplaintStatus.OPEN,
                )
                .with_for_update()
            )
        )
        now = utcnow()
        repair_id = _repair_id(repair_pk)
        for complaint in closing:
            complaint.status, complaint.resolved_at = status, now
            complaint.repair_pk = repair_pk
            events.complaint_closed(complaint, repair_id)
    for complaint in closing:
        hooks.complaint_closed(complaint)
    return closing


def _repair_id(repair_pk: int | None) -> str | None:
    if repair_pk is None:
        return None
    return db.session.scalar(select(Repair.repair_id).where(Repair.id == repair_pk))


def reject(complaint_id: str) -> Complaint:
    """Reject a complaint (not a fault, a duplicate); rejecting it again is harmless.

    404 when there is no such complaint; 409 `complaint_closed` when a repair resolved it.
    """
    complaint = get(complaint_id)
    if complaint.status == ComplaintStatus.OPEN:
        close([complaint_id], ComplaintStatus.REJECTED)
        db.session.expire_all()
        complaint = get(complaint_id)
    if complaint.status != ComplaintStatus.REJECTED:
        raise Conflict(
            f"Complaint {complaint_id!r} is {complaint.status}.",
            code="complaint_closed",
            status=complaint.status,
        )
    return complaint
