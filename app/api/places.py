"""The warehouses, for the bot's "choose the place" step."""

from __future__ import annotations

from sqlalchemy import select

from app.api import bp, params
from app.extensions import db
from app.models import Place


@bp.get("/places")
def places():
    """The active warehouses, by id."""
    params.read()
    rows = db.session.scalars(select(Place).where(Place.active).order_by(Place.place_id))
    return {
        "places": [
            {
                "place_id": p.place_id,
                "name": p.name,
                "name_ru": p.name,
                "name_en": p.name_en,
                "timezone": p.timezone,
            }
            for p in rows
        ]
    }
