"""The repairer's tablet app: warehouse, scan, scooter card, repair screen, commands."""

from flask import Blueprint

bp = Blueprint("tablet", __name__, url_prefix="/t")

from app.tablet import (  # noqa: E402,F401
    board,
    commands,
    complaints,
    jobs,
    missions,
    places,
    repairs,
    scooters,
)
from app.tablet.shortlinks import shortlink_bp  # noqa: E402
from app.web.drive_words import offline_reason  # noqa: E402
from app.web.formatting import template_helpers  # noqa: E402

bp.context_processor(template_helpers)
bp.context_processor(lambda: {"offline_reason": offline_reason})


@bp.record_once
def _register_short_links(state) -> None:
    """QR labels link to /s/<number>, outside /t: register that blueprint beside ours."""
    state.app.register_blueprint(shortlink_bp)


@bp.after_request
def _no_stale_pages(response):
    """One URL serves a page or a fragment; a page is never reused from cache (its tokens)."""
    response.vary.add("HX-Request")
    response.headers.setdefault("Cache-Control", "no-store")
    return response
