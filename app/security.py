"""Browser-facing protections: a strict CSP and friends, cookie flags, expiring sessions.

The CSP allows no inline script or style and no eval: every page keeps its JavaScript in
static files, htmx runs with allowEval off, and charts read their data from JSON blocks.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from app import proxies

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SessionCookies(SecureCookieSessionInterface):
    """Session cookies are Secure whenever the request came over HTTPS (or always, if set)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def add_headers(response):
    """Set the protective headers on every response; HSTS only over HTTPS."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


SESSION_LIFETIME = timedelta(hours=12)  # a login lasts a shift at most


def init_app(app: Flask) -> None:
    """Cookie flags, session lifetime, proxy trust and headers."""
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # Flask's own default (31 days) is always present, so setdefault would never apply ours.
    if (
        app.config["PERMANENT_SESSION_LIFETIME"]
        == Flask.default_config["PERMANENT_SESSION_LIFETIME"]
    ):
        app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    app.session_interface = SessionCookies()
    # Behind nginx or a load balancer: its X-Forwarded-For/Proto/Host, and nobody else's.
    proxies.init_app(app)
    app.after_request(add_headers)
