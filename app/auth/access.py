"""Who may see what: Flask-Login sessions, the manager role, idle log-out on shared tablets."""

from __future__ import annotations

import time

from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import LoginManager, current_user, logout_user
from flask_login.mixins import UserMixin

from app.extensions import db
from app.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"


class SessionUser(UserMixin):
    """The logged-in user as Flask-Login sees it: a thin wrapper over our User row."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.performer_id

    def __getattr__(self, name: str):
        return getattr(self.user, name)


@login_manager.user_loader
def load_user(performer_id: str) -> SessionUser | None:
    user = db.session.get(User, performer_id)
    return SessionUser(user) if user is not None and user.active else None


def _idle_logout():
    """Shared tablets: a session untouched for IDLE_LOGOUT_MINUTES is logged out."""
    if request.path.startswith(("/static/", "/api/")) or not current_user.is_authenticated:
        return None
    now = time.time()
    last = session.get("seen_at", now)
    session["seen_at"] = now
    if now - last > current_app.config["IDLE_LOGOUT_MINUTES"] * 60:
        logout_user()
        session.pop("seen_at", None)
        return redirect(url_for("auth.login", idle=1))
    return None


def init_app(app: Flask) -> None:
    """Install Flask-Login, the idle check, the PIN throttle and the security log."""
    from app.auth import security_log, throttle

    login_manager.init_app(app)
    throttle.init_app(app)
    security_log.init_app(app)
    app.before_request(_idle_logout)
