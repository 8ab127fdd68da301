"""A query string that is not UTF-8 gets a clear 400, before anything tries to read it.

Werkzeug decodes the raw query string as strict UTF-8 the first time `request.args` (or
`request.full_path`, which every page's language switch uses) is read: raw bytes such as
`?q=\\xff` from a hand-made request then raised deep inside a view, a hook or even the error
page. The WSGI layer below checks the bytes once, drops a query string it cannot decode and
marks the request; the first hook of the app answers it with 400 (JSON under /api).
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from app.error_handlers import wants_json

UNREADABLE = "app.query_string_unreadable"


class DropUnreadableQuery:
    """WSGI middleware: empty QUERY_STRING when its bytes are not UTF-8, and say so."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        raw = environ.get("QUERY_STRING", "")
        try:
            raw.encode("latin-1").decode("utf-8")  # WSGI carries the bytes as latin-1 text
        except UnicodeError:
            environ["QUERY_STRING"] = ""
            environ[UNREADABLE] = True
        return self.wsgi_app(environ, start_response)


def _refuse_unreadable_query() -> None:
    if request.environ.get(UNREADABLE):
        if wants_json():
            raise BadRequest("The query string is not valid UTF-8.")
        raise BadRequest(_("The address has characters that could not be read. Check the link."))


def init_app(app: Flask) -> None:
    """Wrap the WSGI app and answer such requests before any other hook runs."""
    app.wsgi_app = DropUnreadableQuery(app.wsgi_app)
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_unreadable_query)
