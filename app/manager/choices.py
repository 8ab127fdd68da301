"""The options of the filter forms: warehouses, people and job types, retired ones included."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Row, select

from app.extensions import db
from app.models import JobType, Place, User

SUGGESTIONS = 20


@dataclass(frozen=True)
class FilterChoices:
    places: list[Place]
    performers: list[Row] | None  # (performer_id, name); None when there are too many to list
    chosen: Row | None  # the filtered performer's (performer_id, name), if any
    job_types: list[JobType]


def filter_choices(performer_id: str = "") -> FilterChoices:
    """Everything a filter may name; history keeps what has since been retired.

    A large operator has thousands of repairers: past PEOPLE_SELECT_LIMIT the page offers a search
    field (`people_like`) instead of listing them all.
    """
    limit = current_app.config["PEOPLE_SELECT_LIMIT"]
    people = select(User.performer_id, User.name).order_by(User.name, User.performer_id)
    performers = list(db.session.execute(people.limit(limit + 1)))
    if len(performers) > limit:
        performers = None
    chosen = None
    if performer_id and performers is not None:
        chosen = next((p for p in performers if p.performer_id == performer_id), None)
    elif performer_id:
        chosen = db.session.execute(people.where(User.performer_id == performer_id)).first()
    return FilterChoices(
        places=places(),
        performers=performers,
        chosen=chosen,
        job_types=list(db.session.scalars(select(JobType).order_by(JobType.position))),
    )


def places() -> list[Place]:
    """Every warehouse, by name (the filters' warehouse list)."""
    return list(db.session.scalars(select(Place).order_by(Place.name)))


def people_like(text: str) -> list[Row]:
    """Up to SUGGESTIONS people whose id starts with, or whose name contains, `text`."""
    text = text.strip()[:64]
    if not text:
        return []
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        select(User.performer_id, User.name)
        .where(
            User.performer_id.ilike(f"{pattern}%", escape="\\")
            | User.name.ilike(f"%{pattern}%", escape="\\")
        )
        .order_by(User.name, User.performer_id)
        .limit(SUGGESTIONS)
    )
    return list(db.session.execute(query))


def place_zone(place_id: str) -> str | None:
    """The time zone of a warehouse, or None when there is no such warehouse."""
    return db.session.scalar(select(Place.timezone).where(Place.place_id == place_id))
