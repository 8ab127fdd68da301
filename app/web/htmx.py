"""Answering htmx and plain requests alike: fragments, navigations and inline errors.

One URL serves the page or, when htmx asks, just a fragment of it: every area answers through
these few functions, so the headers htmx and app.js rely on are set in one place.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, flash, redirect, render_template, request

from app.errors import ServiceError
from app.web.messages import message_for


def is_htmx() -> bool:
    """True when htmx sent the request (and so wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true"


def htmx_target() -> str | None:
    """The id of the element htmx will swap, when htmx asks."""
    return request.headers.get("HX-Target") if is_htmx() else None


def current_page() -> str | None:
    """The path (and query) of the page the user is looking at, to come back to later: the
    page around an htmx widget, the page itself for a plain GET, None after a form post."""
    if is_htmx():
        shown = urlsplit(request.headers.get("HX-Current-URL", ""))
        if not shown.path:
            return None
        return shown.path + (f"?{shown.query}" if shown.query else "")
    return request.full_path.rstrip("?") if request.method == "GET" else None


def navigate(url: str) -> Response:
    """Go to `url`: a full page load for htmx, a 303 after a form post, else a 302."""
    if is_htmx():
        return Response("", 200, {"HX-Redirect": url})
    return redirect(url, 302 if request.method == "GET" else 303)


def fragment(template: str, *, status: int = 200, trigger: str | None = None, **context):
    """Render a partial; a 4xx one is flagged so app.js swaps it in as an inline message."""
    response = Response(render_template(template, **context), status)
    response.vary.add("HX-Request")  # the same URL answers a browser with a page
    if 400 <= status < 500:
        response.headers["HX-Error-Fragment"] = "1"
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


def back_with_error(error: ServiceError, url: str) -> Response:
    """Without htmx: show the error on the page we came from."""
    flash(message_for(error), "error")
    return redirect(url, 303)
