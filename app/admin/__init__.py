"""Managers' administration: warehouses, users, job types, API tokens; audit log; QR labels."""

from flask import Blueprint, current_app

from app.admin import rules
from app.web.access import managers_only
from app.web.formatting import template_helpers

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Every admin route is for managers only (app.web.access). These few serve any logged-in
# user (the scooter page on the tablet shows its own QR code).
ANY_USER_ENDPOINTS = frozenset({"admin.label_qr"})

bp.before_request(managers_only(ANY_USER_ENDPOINTS))
bp.context_processor(template_helpers)


@bp.context_processor
def navigation() -> dict:
    """The admin section links, and the manager area's home when that area is installed."""
    has_manager_area = "manager.index" in current_app.view_functions
    return {
        "manager_home": "manager.index" if has_manager_area else None,
        "russian_zones": rules.RUSSIAN_TIMEZONES,
    }


from app.admin import audit, job_types, labels, outbox, places, tokens, users  # noqa: E402,F401
