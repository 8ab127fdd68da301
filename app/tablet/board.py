"""The warehouse board on the tablet: waiting for repair, in repair, ready to go out; scan a
scooter in from it, or release one."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ServiceError
from app.scooters.card import vehicle_id_by_number
from app.stages.events import StageRequest, record_stage
from app.stages.queues import board as board_of
from app.tablet import bp
from app.tablet.access import tablet_page
from app.tablet.plates import plate_from_text
from app.tablet.screen import new_token, valid_token
from app.vocabulary import Stage
from app.web.htmx import navigate
from app.web.messages import message_for


def _page(error: str | None = None, query: str = "", status: int = 200):
    context = {"board": board_of(g.place.place_id), "event_token": new_token()}
    return render_template("tablet/board.html", error=error, query=query, **context), status


@bp.get("/board")
@tablet_page
def board():
    """The warehouse board, oldest first in each column."""
    return _page()


@bp.post("/board/scan-in")
@tablet_page
def board_scan_in():
    """A scooter scanned (or typed) on the board arrives at this warehouse."""
    query, token = request.form.get("q", "")[:200], request.form.get("event_id", "")
    number = plate_from_text(query)
    if number is None or not valid_token(token):
        return _page(_("There is no scooter number in “%(text)s”.", text=query), query, 422)
    try:
        vehicle_id = vehicle_id_by_number(number)
        by = current_user.performer_id
        record_stage(StageRequest(token, vehicle_id, Stage.ARRIVED, g.place.place_id, by))
    except ServiceError as error:
        return _page(message_for(error), query, error.status)
    return navigate(url_for(".board"))
