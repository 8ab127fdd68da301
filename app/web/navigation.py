"""The one navigation of the manager and admin pages: the same tabs on every page of both
areas, and the administration's sections as a second row on its own pages."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import lazy_gettext as _l

# The tabs, left to right; a tab whose area is not installed is left out.
MAIN_LINKS = (
    ("manager.index", _l("Overview")),
    ("manager.open_repairs", _l("Open repairs")),
    ("manager.history", _l("History")),
    ("manager.board", _l("Warehouse board")),
    ("manager.pickup", _l("Pick-up list")),
    ("manager.dropoff", _l("Drop-off list")),
    ("manager.stats", _l("Statistics")),
    ("admin.audit", _l("Audit log")),
    ("admin.index", _l("Administration")),
)
ADMIN_SECTIONS = (
    ("admin.places", _l("Warehouses")),
    ("admin.users", _l("Users")),
    ("admin.job_types", _l("Job types")),
    ("admin.tokens", _l("API tokens")),
    ("admin.audit", _l("Audit log")),
    ("admin.outbox", _l("Drive writes")),
    ("admin.labels", _l("QR labels")),
)


def _tab_of(endpoint: str) -> str:
    """The tab a page belongs to: itself, or Administration for the admin sections."""
    if endpoint in dict(MAIN_LINKS):
        return endpoint
    return "admin.index" if endpoint.startswith("admin.") else endpoint


def navigation() -> dict:
    """The links the layouts draw, and which tab the current page is under."""
    installed = current_app.view_functions
    endpoint = request.endpoint or ""
    return {
        "main_links": [link for link in MAIN_LINKS if link[0] in installed],
        "admin_sections": [link for link in ADMIN_SECTIONS if link[0] in installed],
        "current_tab": _tab_of(endpoint),
    }
