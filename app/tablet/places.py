"""Choosing the warehouse: it starts the shift there, and the tablet remembers it."""

from __future__ import annotations

from flask import flash, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.errors import NotFound, ServiceError
from app.extensions import db
from app.models import Place
from app.shifts.services import current_shift, end_shift, start_shift
from app.tablet import bp
from app.tablet.access import safe_target
from app.web.htmx import navigate
from app.web.messages import message_for

# The tablet, not the person, belongs to a warehouse: the next person finds it preselected.
PLACE_COOKIE = "tablet_place"
PLACE_COOKIE_SECONDS = 365 * 24 * 3600


def _places(remembered: str | None) -> list[Place]:
    """Active warehouses by name, this tablet's own first."""
    places = db.session.scalars(select(Place).where(Place.active).order_by(Place.name)).all()
    return sorted(places, key=lambda place: place.place_id != remembered)


@bp.get("/place")
@login_required
def place():
    """The warehouse choice: one big button per warehouse."""
    remembered = request.cookies.get(PLACE_COOKIE)
    shift = current_shift(current_user.performer_id)
    return render_template(
        "tablet/place.html",
        places=_places(remembered),
        remembered=remembered,
        current_place_id=shift.place_id if shift else None,
        next=safe_target(request.args.get("next")),
    )


@bp.post("/place")
@login_required
def choose_place():
    """Start (or move) the shift to the chosen warehouse and remember it on this tablet."""
    place_id = request.form.get("place_id", "").strip()
    try:
        shift = start_shift(current_user.performer_id, place_id)
    except ServiceError as error:
        flash(message_for(error), "error")
        return navigate(url_for(".place"))
    session["place_tz"] = db.session.get(Place, shift.place_id).timezone
    response = navigate(safe_target(request.form.get("next")) or url_for(".index"))
    response.set_cookie(
        PLACE_COOKIE, place_id, max_age=PLACE_COOKIE_SECONDS, httponly=True, samesite="Lax"
    )
    return response


@bp.post("/shift/end")
@login_required
def finish_shift():
    """End the shift (the warehouse stays remembered for the next person)."""
    try:
        end_shift(current_user.performer_id)
    except NotFound:
        pass  # already ended: the wish is fulfilled
    flash(_("Your shift has ended."), "info")
    return navigate(url_for(".place"))
