"""Logging in with a performer id and a PIN, roles, idle log-out, the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import views  # noqa: E402,F401
