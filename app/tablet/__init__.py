"""The repairer's tablet app: warehouse, scan, scooter card, repair screen, commands."""

from flask import Blueprint

bp = Blueprint("tablet", __name__, url_prefix="/t")
