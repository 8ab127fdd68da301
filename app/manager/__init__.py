"""Managers' pages: the overview, open repairs, history, a scooter's page, statistics.

One sub-package per page family (open_repairs/, history/, scooter/, stats/); what several of
them share (filters, periods, SQL building blocks, filter choices) sits beside this file.
"""

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l

from app.web.access import managers_only
from app.web.formatting import template_helpers
from app.web.navigation import navigation

bp = Blueprint("manager", __name__, url_prefix="/manager")

# Every route here is for managers only (app.web.access). A scooter's history is the
# exception: repairers need it at the tablet.
ANY_USER_ENDPOINTS = frozenset({"manager.scooter", "manager.scooter_csv", "manager.find_scooter"})

# Links to the administration area, shown when that area provides them.
ADMIN_LINKS = (
    ("admin.audit", _l("Audit log"), _l("Every scooter command: who, which scooter, the outcome.")),
    ("admin.index", _l("Administration"), _l("Warehouses, users, job types and API tokens.")),
)

bp.before_request(managers_only(ANY_USER_ENDPOINTS))


@bp.context_processor
def helpers() -> dict:
    """Formatting helpers and the admin links that exist in this installation."""
    admin_links = [link for link in ADMIN_LINKS if link[0] in current_app.view_functions]
    return {**template_helpers(), **navigation(), "admin_links": admin_links}


# The views, one module per page family; importing them registers their routes on bp.
from app.manager import dashboard  # noqa: E402,F401
from app.manager.history import views as history_views  # noqa: E402,F401
from app.manager.logistics import views as logistics_views  # noqa: E402,F401
from app.manager.open_repairs import views as open_repairs_views  # noqa: E402,F401
from app.manager.scooter import views as scooter_views  # noqa: E402,F401
from app.manager.stats import views as stats_views  # noqa: E402,F401
