"""The options of the filter forms: warehouses, people and job types, retired ones included."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, select

from app.extensions import db
from app.models import JobType, Place, User


@dataclass(frozen=True)
class FilterChoices:
    places: list[Place]
    performers: list[Row]  # (performer_id, name): thousands of them on a large fleet
    job_types: list[JobType]


def filter_choices() -> FilterChoices:
    """Everything a filter may name; history keeps what has since been retired."""
    people = select(User.performer_id, User.name).order_by(User.name, User.performer_id)
    return FilterChoices(
        places=list(db.session.scalars(select(Place).order_by(Place.name))),
        performers=list(db.session.execute(people)),
        job_types=list(db.session.scalars(select(JobType).order_by(JobType.position))),
    )


def place_zone(place_id: str) -> str | None:
    """The time zone of a warehouse, or None when there is no such warehouse."""
    return db.session.scalar(select(Place.timezone).where(Place.place_id == place_id))
