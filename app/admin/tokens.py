"""API tokens: create (the raw token is shown once), list, revoke."""

from __future__ import annotations

import secrets

from flask import render_template, session
from flask_babel import gettext as _

from app.admin import bp, services
from app.admin.forms import TokenForm
from app.admin.responses import FORM_ERROR_STATUS, done
from app.web.htmx import fragment, is_htmx

NO_STORE = {"Cache-Control": "no-store"}  # the page with a fresh token must not be cached
USED_KEYS = "admin_token_form_keys"  # session: keys of the token forms already sent


def _page(form: TokenForm, status: int = 200, new_token: str | None = None, errors=None):
    form.form_key.data = secrets.token_urlsafe(16)
    page = render_template(
        "admin/tokens.html",
        form=form,
        tokens=services.api_tokens(),
        new_token=new_token,
        errors=errors,
    )
    return page, status, NO_STORE


def _first_use(key: str | None) -> bool:
    """True the first time a form key comes back; remembers the last few keys."""
    used = session.get(USED_KEYS, [])
    if key and key in used:
        return False
    if key:
        session[USED_KEYS] = [*used, key][-10:]
    return True


@bp.get("/tokens")
def tokens():
    """Every API token (prefix, created, revoked), with the form to create one."""
    return _page(TokenForm())


@bp.post("/tokens")
def create_token():
    """Create a token and show its raw value this once; only its hash is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, FORM_ERROR_STATUS)
    if not _first_use(form.form_key.data):
        again = _("This form was sent already and its token shown then; no new token was made.")
        return _page(TokenForm(formdata=None), 409, errors=[again])
    _token, raw = services.issue_token(form.name.data)
    return _page(TokenForm(formdata=None), 201, new_token=raw)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    """Revoke a token; requests carrying it get 401 from now on."""
    token = services.revoke_token(token_id)
    if is_htmx():
        return fragment("admin/_token_row.html", token=token)
    return done(_("Token %(name)s revoked.", name=token.name), "admin.tokens")
