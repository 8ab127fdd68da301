"""Bearer-token authentication for every API route but the OpenAPI document."""

from __future__ import annotations

from flask import request

from app.api import bp
from app.errors import Unauthorized
from app.models import ApiToken
from app.models.users import hash_token
from app.token_cache import verified_tokens

PUBLIC_ENDPOINTS = {"api.openapi_document", "api.api_docs"}
REFUSED = "A valid API token is required: Authorization: Bearer <token>."


@bp.before_request
def require_token() -> None:
    """Refuse the request with 401 unless it carries an active API token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw:
        raise Unauthorized(REFUSED)
    token_hash = hash_token(raw)
    verified = verified_tokens()
    if verified.trusted(token_hash):
        return
    mark = verified.revocation_mark()  # before the read: a revocation after it changes the mark
    if not ApiToken.is_active(token_hash):
        raise Unauthorized(REFUSED)
    verified.remember(token_hash, mark)
