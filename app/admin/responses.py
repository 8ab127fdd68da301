"""How admin views answer: the page again with the refusal shown inline, or 303 to a list."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.admin.services import Refused
from app.web.messages import message_for

FORM_ERROR_STATUS = 422  # the form's own rules; a clash with the data is 409 (Refused.status)


def show_refusal(form: FlaskForm, refusal: Refused) -> list[str]:
    """Put the refusal's message under its field; return it for the form's top if no field."""
    message = message_for(refusal)
    if not refusal.field or refusal.field not in form:
        return [message]
    field = form[refusal.field]
    field.errors = [*field.errors, message]
    return []


def done(message: str, endpoint: str, **values) -> Response:
    """Say what happened and go back to the list (303, so a reload does not post again)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values), code=303)
