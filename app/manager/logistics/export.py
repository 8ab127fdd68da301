"""The pick-up and drop-off lists as CSV (app/csv_excel): what logistics builds drafts from.
Times are each warehouse's local time, as in every manager CSV; the header names the zone
(or says each row names its own, in the last column)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.models import Place
from app.stages.queues import QueueEntry
from app.web.formatting import csv_moment, zone_note


def _zones() -> dict[str, str]:
    rows = db.session.execute(select(Place.place_id, Place.timezone))
    return {place_id: zone for place_id, zone in rows}


def queue_csv(entries: list[QueueEntry]) -> tuple[list[str], Iterator[list]]:
    """The header and rows of a queue export, in the user's language."""
    zones = _zones()
    used = {zones.get(entry.place_id or "") or DEFAULT_TIMEZONE for entry in entries}
    only = used.pop() if len(used) == 1 else None
    header = [
        _("Scooter"),
        _("Vehicle ID"),
        _("Warehouse"),
        _("Since (%(zone)s)", zone=zone_note(only)),
        _("Open complaints"),
        _("Time zone"),
    ]
    return header, _lines(entries, zones)


def _lines(entries: Iterable[QueueEntry], zones: dict[str, str]) -> Iterator[list]:
    for entry in entries:
        zone = zones.get(entry.place_id or "") or DEFAULT_TIMEZONE
        yield [
            entry.number or "",
            entry.vehicle_id,
            entry.place_id or "",
            csv_moment(entry.since, zone),
            "; ".join(c.text for c in entry.complaints),
            zone,
        ]
