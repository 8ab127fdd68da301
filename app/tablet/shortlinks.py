"""QR label short links: /s/<number> opens the scooter's card on the tablet."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from app.tablet.access import login_remembering
from app.tablet.plates import plate_from_text

shortlink_bp = Blueprint("shortlink", __name__)


@shortlink_bp.get("/s/<path:code>")
def scooter(code: str):
    """Open the card of the scooter the label names (after logging in, if need be)."""
    number = plate_from_text(code)
    if number is None:
        target = url_for("tablet.find", q=code)
    else:
        target = url_for("tablet.scooter", number=number)
    if not current_user.is_authenticated:
        return login_remembering(target)
    return redirect(target)
