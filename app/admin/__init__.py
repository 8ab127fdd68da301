"""Managers' administration: warehouses, users, job types, API tokens; audit log; QR labels."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
