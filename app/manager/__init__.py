"""Managers' pages: history, statistics, open repairs."""

from flask import Blueprint

bp = Blueprint("manager", __name__, url_prefix="/manager")
