"""The JSON API of docs/API.md, for the chat bot, the field-mission app and other services."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from app.api import (  # noqa: E402,F401  (routes register on bp)
    auth,
    complaints,
    control,
    events,
    job_types,
    missions,
    openapi,
    places,
    repairs,
    scooters,
    shifts,
)
