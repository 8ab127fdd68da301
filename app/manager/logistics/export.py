"""The pick-up and drop-off lists as CSV (app/csv_excel): what logistics builds drafts from."""

from __future__ import annotations

from flask_babel import gettext as _

from app.manager.history.export import local_stamp
from app.stages.queues import QueueEntry

UTC_ZONE = "UTC"


def queue_header() -> list[str]:
    """The columns of a queue export, in the user's language."""
    return [
        _("Scooter"),
        _("Vehicle ID"),
        _("Warehouse"),
        _("Since (UTC)"),
        _("Open complaints"),
    ]


def queue_line(entry: QueueEntry) -> list:
    """One scooter of a queue as a CSV row."""
    return [
        entry.number or "",
        entry.vehicle_id,
        entry.place_id or "",
        local_stamp(entry.since, UTC_ZONE),
        "; ".join(c.text for c in entry.complaints),
    ]
