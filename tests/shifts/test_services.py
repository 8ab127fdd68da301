"""Shifts (app.shifts.services): one open shift per performer, started again at another place
it moves there, ended once, and no longer counted once older than SHIFT_MAX_HOURS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.errors import NotFound, Unprocessable
from app.extensions import db
from app.models import Shift
from app.shifts.services import (
    current_shift,
    current_shift_and_place,
    end_shift,
    open_shift,
    start_shift,
)
from tests import factories

pytestmark = pytest.mark.usefixtures("workshop")


def shifts_of(performer_id: str) -> list[Shift]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Shift).where(Shift.performer_id == performer_id).order_by(Shift.id)
        )
    )


def started_hours_ago(shift: Shift, hours: float) -> None:
    db.session.get(Shift, shift.id).started_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def test_a_start_opens_a_shift_at_the_place():
    before = utcnow()

    shift = start_shift("rep-1", "wh-1")

    assert (shift.performer_id, shift.place_id, shift.ended_at) == ("rep-1", "wh-1", None)
    assert before <= shift.started_at <= utcnow()
    assert current_shift("rep-1").id == shift.id
    found, place = current_shift_and_place("rep-1")
    assert (found.id, place.place_id, place.name) == (shift.id, "wh-1", "Склад Север")
    assert current_shift("rep-2") is None and current_shift_and_place("rep-2") == (None, None)


def test_starting_again_at_the_same_place_keeps_the_same_shift():
    first = start_shift("rep-1", "wh-1")

    again = start_shift("rep-1", "wh-1")

    assert (again.id, again.started_at) == (first.id, first.started_at)
    assert len(shifts_of("rep-1")) == 1


def test_starting_at_another_place_ends_the_shift_there_and_opens_one_here():
    factories.make_place("wh-2", "Склад Юг")
    first = start_shift("rep-1", "wh-1")

    second = start_shift("rep-1", "wh-2")

    old, new = shifts_of("rep-1")
    assert (old.id, new.id) == (first.id, second.id)
    assert old.ended_at == new.started_at  # no gap and no overlap
    assert (new.place_id, new.ended_at) == ("wh-2", None)
    assert current_shift_and_place("rep-1")[1].place_id == "wh-2"


def test_a_shift_ends_once_and_ending_without_one_is_not_found():
    start_shift("rep-1", "wh-1")

    ended = end_shift("rep-1")
    with pytest.raises(NotFound) as refused:
        end_shift("rep-1")

    assert ended.ended_at is not None and ended.ended_at >= ended.started_at
    assert refused.value.extra == {"performer_id": "rep-1"}
    assert current_shift("rep-1") is None and open_shift("rep-1") is None


@pytest.mark.parametrize(
    "performer_id,place_id,code",
    [
        ("stranger", "wh-1", "unknown_performer"),
        ("gone", "wh-1", "unknown_performer"),
        ("rep-1", "nowhere", "unknown_place"),
        ("rep-1", "closed", "unknown_place"),
    ],
)
def test_unknown_or_inactive_performers_and_places_cannot_start_a_shift(
    performer_id, place_id, code
):
    factories.make_user("gone", "Уволенный", active=False)
    factories.make_place("closed", "Склад закрыт", active=False)

    with pytest.raises(Unprocessable) as refused:
        start_shift(performer_id, place_id)

    assert refused.value.code == code
    assert db.session.scalar(select(func.count()).select_from(Shift)) == 0


def test_a_shift_left_open_past_the_limit_no_longer_counts(app):
    hours = app.config["SHIFT_MAX_HOURS"]
    shift = start_shift("rep-1", "wh-1")
    started_hours_ago(shift, hours - 0.5)
    assert current_shift("rep-1").id == shift.id  # still within the limit

    started_hours_ago(shift, hours + 0.5)

    assert current_shift("rep-1") is None
    assert current_shift_and_place("rep-1") == (None, None)
    assert open_shift("rep-1").id == shift.id  # open, but not counted


def test_starting_again_after_the_limit_ends_the_stale_shift_and_opens_a_new_one(app):
    stale = start_shift("rep-1", "wh-1")
    started_hours_ago(stale, app.config["SHIFT_MAX_HOURS"] + 1)

    fresh = start_shift("rep-1", "wh-1")

    old, new = shifts_of("rep-1")
    assert (old.id, new.id) == (stale.id, fresh.id)
    assert old.ended_at is not None and new.ended_at is None
    assert current_shift("rep-1").id == fresh.id


def test_the_limit_is_a_setting(app):
    app.config["SHIFT_MAX_HOURS"] = 2
    shift = start_shift("rep-1", "wh-1")
    started_hours_ago(shift, 3)

    assert current_shift("rep-1") is None
