"""Managers' administration: warehouses, users, job types, API tokens; audit log; QR labels."""

from flask import Blueprint

from app.admin import rules
from app.web.access import managers_only
from app.web.formatting import template_helpers
from app.web.navigation import navigation

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Every admin route is for managers only (app.web.access). These few serve any logged-in
# user (the scooter page on the tablet shows its own QR code).
ANY_USER_ENDPOINTS = frozenset({"admin.label_qr"})

bp.before_request(managers_only(ANY_USER_ENDPOINTS))
bp.context_processor(template_helpers)
bp.context_processor(navigation)


@bp.context_processor
def admin_context() -> dict:
    """The Russian time zones, listed first in the time zone field."""
    return {"russian_zones": rules.RUSSIAN_TIMEZONES}


from app.admin import audit, job_types, labels, outbox, places, tokens, users  # noqa: E402,F401
