"""Starting and ending shifts, and asking whether someone is on shift.

A shift left open (a tablet abandoned without logging out) stops counting after
SHIFT_MAX_HOURS (default 16), so a forgotten shift does not keep control commands open.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import Select, and_, select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.database import write_transaction
from app.errors import NotFound
from app.extensions import db
from app.models import Place, Shift, User
from app.repairs import lookup


def _open(performer_id: str):
    return (Shift.performer_id == performer_id, Shift.ended_at.is_(None))


def open_shift(performer_id: str) -> Shift | None:
    """The performer's open shift, whatever its age."""
    return db.session.scalar(select(Shift).where(*_open(performer_id)))


def current_shift(performer_id: str) -> Shift | None:
    """The performer's open shift if it is still within SHIFT_MAX_HOURS."""
    shift = open_shift(performer_id)
    return shift if shift is not None and _within_limit(shift) else None


def current_shift_and_place(
    performer_id: str, read: tuple[Shift | None, Place | None] | None = None
) -> tuple[Shift, Place] | tuple[None, None]:
    """The current shift and its warehouse, in one read (every tablet page asks); `read`: the
    open shift and its warehouse as already read with the user (`with_open_shift`)."""
    if read is None:
        row = db.session.execute(
            select(Shift, Place)
            .join(Place, Place.place_id == Shift.place_id)
            .where(*_open(performer_id))
        ).first()
        read = (row[0], row[1]) if row else (None, None)
    shift, place = read
    if shift is None or place is None or not _within_limit(shift):
        return None, None
    return shift, place


def with_open_shift(users: Select) -> Select:
    """`users` (a select of User) with each user's open shift and its warehouse outer-joined:
    (user, shift or None, place or None)."""
    return (
        users.outerjoin(
            Shift, and_(Shift.performer_id == User.performer_id, Shift.ended_at.is_(None))
        )
        .outerjoin(Place, Place.place_id == Shift.place_id)
        .add_columns(Shift, Place)
    )


def _within_limit(shift: Shift) -> bool:
    limit = timedelta(hours=current_app.config["SHIFT_MAX_HOURS"])
    return utcnow() - shift.started_at <= limit


def start_shift(performer_id: str, place_id: str) -> Shift:
    """Go on shift at a place: the same open shift there is kept; one elsewhere is ended."""
    lookup.active_user(performer_id)
    lookup.active_place(place_id)
    try:
        with write_transaction():
            shift = open_shift(performer_id)
            if shift is not None and shift.place_id == place_id and current_shift(performer_id):
                return shift
            now = utcnow()
            if shift is not None:
                shift.ended_at = now
                db.session.flush()
            shift = Shift(performer_id=performer_id, place_id=place_id, started_at=now)
            db.session.add(shift)
    except IntegrityError:
        shift = open_shift(performer_id)  # a parallel start won; it is the same request
        if shift is None:
            raise
    return shift


def end_shift(performer_id: str) -> Shift:
    """End the performer's open shift; 404 when there is none."""
    with write_transaction():
        shift = open_shift(performer_id)
        if shift is None:
            raise NotFound(
                f"Performer {performer_id!r} is not on shift.", performer_id=performer_id
            )
        shift.ended_at = utcnow()
    return shift
