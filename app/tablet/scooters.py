"""Finding a scooter (scan, type, short link) and its card."""

from __future__ import annotations

import uuid

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import NotFound
from app.extensions import db
from app.models import Vehicle
from app.repairs import lookup, missions
from app.scooters import vehicles
from app.scooters.card import DriveLookupFailed, scooter_card, stored_card
from app.scooters.history import recent_repairs
from app.tablet import bp
from app.tablet.access import tablet_page
from app.tablet.complaint_panel import COMPLAINTS_CHANGED, complaints_context, way_context
from app.tablet.job_types import job_type_names
from app.tablet.plates import as_plate, plate_from_text, shown_input
from app.web.htmx import fragment, navigate

RECENT_REPAIRS = 5
QUERY_LENGTH = 300  # the find field's maxlength: more is never kept or echoed


def _find_page(query: str = "", error: str | None = None, status: int = 200):
    """The find-a-scooter page, with what was typed kept and an error said plainly."""
    performer_id = current_user.performer_id
    open_repair = lookup.open_repair_of(performer_id)
    query = query[:QUERY_LENGTH]
    page = render_template(
        "tablet/index.html",
        query=query,
        error=error,
        open_repair=open_repair,
        mission=missions.open_mission_of(performer_id),
        repair_token=uuid.uuid4().hex,
    )
    return page, status


def _not_a_number(text: str, status: int):
    """The find page saying what is wrong with `text` and what to do instead."""
    if not text.strip():
        return _find_page("", _("Type the scooter's number, or scan its QR code."), status)
    message = _(
        "“%(text)s” is not a scooter number. Type the digits from the scooter's label, "
        "or scan its QR code.",
        text=shown_input(text),
    )
    return _find_page(text, message, status)


@bp.get("/")
@tablet_page
def index():
    """Find a scooter."""
    return _find_page()


@bp.get("/find")
@tablet_page
def find():
    """Open the card for a typed or scanned number or link."""
    query = request.args.get("q", "")
    number = plate_from_text(query)
    if number is None:
        return _not_a_number(query, 422)
    return redirect(url_for(".scooter", number=number), 303)


@bp.get("/scooter/<number>")
@tablet_page
def scooter(number: str):
    """The scooter card: our repairs at once, Drive's live data as soon as it answers.

    A scooter seen before is shown from our records, and the page then asks Drive for its
    live part (`scooter_drive`); a number never seen needs Drive to say what it is first.
    """
    plate = as_plate(number)
    if plate is None:
        return _not_a_number(number, 404)
    if plate != number:  # "421", "ab12": the card lives at the plate as painted
        return redirect(url_for(".scooter", number=plate))
    known = vehicles.known_by_number(plate)
    if known is not None:
        recent = recent_repairs(known.vehicle_id, RECENT_REPAIRS)
        card = stored_card(known, recent, RECENT_REPAIRS)
        return render_template("tablet/card.html", **card_context(card, recent=recent))
    try:
        card = scooter_card(number=plate)
    except NotFound:
        message = _("There is no scooter with number %(number)s.", number=plate)
        return _find_page(plate, message, 404)
    except DriveLookupFailed:
        message = _(
            "Drive is not answering and scooter %(number)s is new to us. Try again soon.",
            number=plate,
        )
        return _find_page(plate, message, 503)
    return render_template("tablet/card.html", **card_context(card))


@bp.get("/scooter/<number>/drive")
@tablet_page
def scooter_drive(number: str):
    """The card's live part from Drive (htmx): state, complaints, firmware, or why not."""
    plate = as_plate(number)
    if plate is None:
        return navigate(url_for(".index"))  # never the raw number: it may be 100 KB long
    vehicle_id = vehicles.known_vehicle_id(plate)
    if vehicle_id is None:
        return navigate(url_for(".find", q=plate))
    try:
        card = scooter_card(vehicle_id=vehicle_id)
    except NotFound:
        return fragment("tablet/_card_gone.html", status=404, number=plate)
    if card.car is not None and as_plate(card.car.number) not in (plate, None):
        # The plate now belongs to another scooter; Drive's answer has updated our records,
        # so loading the page again looks the plate up afresh.
        return navigate(url_for(".scooter", number=plate))
    # Drive's answer may have brought new `broken` tags: the complaints panel reloads.
    return fragment(
        "tablet/_card_drive.html",
        trigger=COMPLAINTS_CHANGED,
        card=card,
        known=_known_vehicle(card),
    )


def _known_vehicle(card) -> Vehicle | None:
    """What Drive told us before, shown while it is not answering."""
    return db.session.get(Vehicle, card.vehicle_id) if card.car is None else None


def card_context(card, error: str | None = None, recent=None) -> dict:
    """What the card page and its start-repair fragment show. The repairer's own open repair
    is shown only when this scooter has none, so it is looked up only then."""
    return {
        "card": card,
        "known": _known_vehicle(card),
        "recent": recent_repairs(card.vehicle_id, RECENT_REPAIRS) if recent is None else recent,
        "my_open_repair": None
        if card.active_repair
        else lookup.open_repair_of(current_user.performer_id),
        "job_names": job_type_names(),
        "repair_token": uuid.uuid4().hex,
        "error": error,
        **complaints_context(card.vehicle_id),
        **way_context(card.vehicle_id),
    }
