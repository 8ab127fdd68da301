"""The warehouse board, the pick-up list and the drop-off list: pages and CSVs."""

from __future__ import annotations

from flask import render_template, request

from app.csv_excel import csv_response
from app.i18n import current_language
from app.manager import bp
from app.manager.choices import places
from app.manager.logistics.export import queue_csv
from app.stages import queues


def _place_id() -> str | None:
    """The warehouse asked for: one of ours, else None (all of them)."""
    wanted = request.args.get("place_id", "")
    return wanted if wanted in {p.place_id for p in places()} else None


@bp.get("/board")
def board():
    """One warehouse's board: waiting for repair, in repair, ready to go out."""
    choices = places()
    place_id = _place_id() or (choices[0].place_id if choices else None)
    shown = queues.board(place_id) if place_id else None
    return render_template("manager/board.html", board=shown, places=choices, place_id=place_id)


@bp.get("/pickup")
def pickup():
    """Scooters to pick up from the city, oldest first."""
    entries = queues.pickup_list(_place_id())
    return _queue_page("pickup", entries)


@bp.get("/dropoff")
def dropoff():
    """Released scooters to drop off, oldest first."""
    return _queue_page("dropoff", queues.dropoff_list(_place_id()))


@bp.get("/pickup.csv")
def pickup_csv():
    """The pick-up list as CSV."""
    return _csv("pickup.csv", queues.pickup_list(_place_id()))


@bp.get("/dropoff.csv")
def dropoff_csv():
    """The drop-off list as CSV."""
    return _csv("dropoff.csv", queues.dropoff_list(_place_id()))


def _queue_page(kind: str, entries: list[queues.QueueEntry]):
    choices = places()
    language = current_language()
    return render_template(
        "manager/queue.html",
        kind=kind,
        entries=entries,
        places=choices,
        place_names={place.place_id: place.name_in(language) for place in choices},
        place_id=_place_id(),
    )


def _csv(name: str, entries: list[queues.QueueEntry]):
    """The list as CSV, written out here: it is already in memory, so nothing is streamed
    (and nothing is left running should the client never read it)."""
    response = csv_response(name, *queue_csv(entries))
    response.make_sequence()
    return response
