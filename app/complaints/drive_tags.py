"""Drive's `broken` tags become complaints: each tag once, whatever the number of workers and
hosts reading the scooter at once.

The database settles it: `complaints.tag_id` and `complaints.complaint_id` are unique, and the
insert does nothing on a conflict (SQLite and PostgreSQL alike), so two readers of the same tag
both succeed and one row is written. Most reads find every tag known already and write nothing
(on SQLite a write takes the one write lock).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.clock import utcnow
from app.complaints import events, hooks
from app.database import write_transaction
from app.drive import DERIVED_TAG_PREFIX, BrokenComplaint, Car
from app.extensions import db
from app.models import Complaint
from app.vocabulary import ComplaintSource, ComplaintStatus

DRIVE_REPORTER = "Drive"


def complaint_id_for_tag(tag_id: str) -> str:
    """Our complaint id for a Drive tag: short and stable whatever the tag id looks like."""
    return "tag-" + hashlib.sha256(tag_id.encode()).hexdigest()[:40]


def import_broken_tags(car: Car) -> list[Complaint]:
    """Record the car's `broken` tags we have not seen yet; returns the complaints made here
    (by this call: a tag another worker recorded first is not among them)."""
    if not car.broken:
        return []
    tag_ids = [tag.tag_id for tag in car.broken]
    known = set(db.session.scalars(select(Complaint.tag_id).where(Complaint.tag_id.in_(tag_ids))))
    new = [tag for tag in car.broken if tag.tag_id not in known]
    if not new:
        return []
    insert = sqlite_insert if db.engine.dialect.name == "sqlite" else postgresql_insert
    made: list[str] = []
    with write_transaction():
        for tag in new:
            result = db.session.execute(
                insert(Complaint)
                .values(**_row(car.vehicle_id, tag))
                .on_conflict_do_nothing()
                .returning(Complaint.complaint_id)
            )
            made.extend(result.scalars())
        complaints = list(
            db.session.scalars(select(Complaint).where(Complaint.complaint_id.in_(made)))
        )
        for complaint in complaints:
            events.complaint_filed(complaint)
    for complaint in complaints:
        hooks.complaint_filed(complaint)
    return complaints


def _row(vehicle_id: str, tag: BrokenComplaint) -> dict:
    now = utcnow()
    return {
        "complaint_id": complaint_id_for_tag(tag.tag_id),
        "vehicle_id": vehicle_id,
        "source": ComplaintSource.DRIVE,
        "text": tag.comment,
        "reported_at": tag.created_at,
        "reported_by": DRIVE_REPORTER,
        "status": ComplaintStatus.OPEN,
        "tag_id": tag.tag_id,
        "created_at": now,
    }


def is_drive_tag(tag_id: str) -> bool:
    """True for Drive's own tag id (a tag call can name it), not a key we derived."""
    return not tag_id.startswith(DERIVED_TAG_PREFIX)
