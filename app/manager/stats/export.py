"""The repairers' statistics as CSV, in the format of app/csv_excel (as the history export)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.manager.stats.people import RepairerStats
from app.web.formatting import plain_number


def repairers_header() -> list[str]:
    """The column names of the repairers' statistics export."""
    return [
        _("Performer ID"),
        _("Repairer"),
        _("Repairs"),
        _("Jobs"),
        _("Hands-on, h"),
        _("On shift, h"),
        _("Utilisation, %"),
    ]


def repairer_line(row: RepairerStats) -> list:
    """One repairer's statistics as a CSV row."""
    share = None if row.utilisation is None else row.utilisation * 100
    return [
        row.performer_id,
        row.name,
        row.repairs,
        row.jobs,
        plain_number(row.hands_on_seconds / 3600, 2),
        plain_number(row.shift_seconds / 3600, 2),
        plain_number(share, 1),
    ]
