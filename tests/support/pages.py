"""Reading HTML pages in tests the way a browser would: the CSRF token, a logged-in client."""

from __future__ import annotations

import re

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token a page hands out in its forms."""
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict | None = None, page: str = "/login", **kwargs):
    """POST a form with a valid CSRF token taken from `page`."""
    return client.post(
        path, data={"csrf_token": csrf_token(client, page), **(data or {})}, **kwargs
    )


def log_in(client, performer_id: str, pin: str):
    """Log in through the login form."""
    return post_form(client, "/login", {"performer_id": performer_id, "pin": pin})
