"""Bearer-token authentication for every API route but the OpenAPI document."""

from __future__ import annotations

from flask import g, request

from app.api import bp
from app.errors import Unauthorized
from app.models import ApiToken

PUBLIC_ENDPOINTS = {"api.openapi_document"}


@bp.before_request
def require_token() -> None:
    """Refuse the request with 401 unless it carries an active API token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    token = ApiToken.find_active(raw.strip()) if scheme.lower() == "bearer" and raw else None
    if token is None:
        raise Unauthorized("A valid API token is required: Authorization: Bearer <token>.")
    g.api_token = token
