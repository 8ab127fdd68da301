"""Who may open the manager and administration areas: managers, and anyone on a few pages."""

from __future__ import annotations

from collections.abc import Callable, Collection

from flask import abort, current_app, request
from flask_login import current_user


def managers_only(any_user_endpoints: Collection[str] = ()) -> Callable:
    """A blueprint's before_request hook: every route is for managers, checked once so that no
    new route can forget it. Strangers go to the login page; repairers get 403, except on
    `any_user_endpoints` (pages a repairer needs at the tablet)."""

    def guard():
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if request.endpoint not in any_user_endpoints and not current_user.is_manager:
            abort(403)
        return None

    return guard
