"""Test data made the way the app makes it (gen_user-style factories, not copied fixtures)."""

from __future__ import annotations

from app.extensions import db
from app.models import ApiToken, Place, User

DEFAULT_PIN = "2468"


def make_place(
    place_id: str = "wh-1",
    name: str = "Склад Север",
    timezone: str = "Europe/Moscow",
    active: bool = True,
) -> Place:
    """A warehouse."""
    place = Place(place_id=place_id, name=name, timezone=timezone, active=active)
    db.session.add(place)
    db.session.commit()
    return place


def make_user(
    performer_id: str = "rep-1",
    name: str = "Иван Петров",
    role: str = "repairer",
    pin: str = DEFAULT_PIN,
    active: bool = True,
) -> User:
    """A repairer (or a manager, with role="manager")."""
    user = User(performer_id=performer_id, name=name, role=role, active=active)
    user.set_pin(pin)
    db.session.add(user)
    db.session.commit()
    return user


def make_token(name: str = "bot") -> str:
    """An API token; returns the raw value a client would send."""
    token, raw = ApiToken.issue(name)
    db.session.add(token)
    db.session.commit()
    return raw
