"""Managers' administration: warehouses, users, job types, API tokens; audit log; QR labels."""

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from app.admin import rules
from app.auth.access import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Every admin route is for managers only, checked here so that no new route can forget it.
# These few serve any logged-in user (the scooter page on the tablet shows its own QR code).
ANY_USER_ENDPOINTS = frozenset({"admin.label_qr"})


@bp.before_request
def managers_only():
    """Strangers go to the login page; repairers get 403 except on ANY_USER_ENDPOINTS."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.endpoint not in ANY_USER_ENDPOINTS and not current_user.is_manager:
        abort(403)
    return None


@bp.context_processor
def navigation() -> dict:
    """The admin section links, and the manager area's home when that area is installed."""
    has_manager_area = "manager.index" in current_app.view_functions
    return {
        "manager_home": "manager.index" if has_manager_area else None,
        "russian_zones": rules.RUSSIAN_TIMEZONES,
    }


from app.admin import audit, job_types, labels, places, tokens, users  # noqa: E402,F401
