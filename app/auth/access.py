"""Who is logged in: Flask-Login sessions and idle log-out on shared tablets (each area's
blueprint checks the role it needs in its own before_request).

A session is valid while its user is active and his session generation is the one it began
with: log-out, a PIN change, deactivation and a role change add one to it (User.end_sessions),
so every copy of every session of that user ends at once, on every worker and host. The number
comes with the user row every request reads anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, current_app, has_request_context, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_login.mixins import UserMixin
from sqlalchemy import Select, select

from app.extensions import db
from app.models import User
from app.web.htmx import current_page, navigate

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"
# No flashed sentence (the library's own is English): the login page itself says, in the
# user's language, why it is shown whenever it has a page to come back to (`next`).
login_manager.login_message = None


class SessionUser(UserMixin):
    """The logged-in user as Flask-Login sees it: a thin wrapper over our User row."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.performer_id

    def __getattr__(self, name: str):
        return getattr(self.user, name)


GENERATION_KEY = "generation"


# Blueprint name -> (what its pages add to the statement loading the user, what receives it).
_READ_WITH_USER: dict[str, tuple[Callable[[Select], Select], Callable[[Sequence[Any]], None]]] = {}


def read_with_user(
    blueprint: str,
    extend: Callable[[Select], Select],
    receive: Callable[[Sequence[Any]], None],
) -> None:
    """Let every page of `blueprint` read rows of its own in the one statement that loads the
    session's user (`extend` outer-joins them onto `select(User)`); `receive` gets them (the
    row after the user) before the page runs. One round trip less on every such page."""
    _READ_WITH_USER[blueprint] = (extend, receive)


def _read_user(performer_id: str) -> User | None:
    extra = _READ_WITH_USER.get(request.blueprint or "") if has_request_context() else None
    if extra is None:
        return db.session.get(User, performer_id)
    extend, receive = extra
    row = db.session.execute(extend(select(User).where(User.performer_id == performer_id))).first()
    if row is None:
        return None
    receive(tuple(row)[1:])
    return row[0]


@login_manager.user_loader
def load_user(performer_id: str) -> SessionUser | None:
    """The session's user, unless he is gone, deactivated or his sessions were ended since."""
    user = _read_user(performer_id)
    if user is None or not user.active:
        return None
    if session.get(GENERATION_KEY) != user.session_generation:
        return None
    return SessionUser(user)


def start_session(user: User) -> None:
    """Log `user` in in this browser, in his current session generation."""
    login_user(SessionUser(user))
    session[GENERATION_KEY] = user.session_generation


def keep_this_session(user: User) -> None:
    """After ending a user's sessions on his own request, carry on with this one."""
    session[GENERATION_KEY] = user.session_generation


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
        return _to_login_and_back()
    return None


def _to_login_and_back():
    """To the login page, which brings the user back to the page he was on (a form he sent
    is not repeated; a widget refreshing itself returns to the page around it)."""
    return navigate(url_for("auth.login", idle=1, next=current_page()))


def init_app(app: Flask) -> None:
    """Install Flask-Login, the idle check, the PIN throttle and the security log."""
    from app.auth import security_log, throttle

    login_manager.init_app(app)
    throttle.init_app(app)
    security_log.init_app(app)
    app.before_request(_idle_logout)
