"""Who may use the tablet pages: a logged-in user, on shift at a warehouse.

The warehouse comes from the user's open shift (the one source of truth); its time zone is put
in the session so that `local_time` shows warehouse times. A page asked for before logging in
goes to the login page as its `next`, where the login comes back to.
"""

from __future__ import annotations

from functools import wraps

from flask import g, request, session, url_for
from flask_login import current_user

from app.auth.access import read_with_user
from app.errors import Forbidden, NotFound
from app.models import Repair
from app.repairs import lookup
from app.shifts.services import current_shift_and_place, with_open_shift
from app.web.htmx import current_page, is_htmx, navigate

_OPEN_SHIFT = "tablet_open_shift"  # on g: (shift, place) as read with the user


def _keep_open_shift(row) -> None:
    setattr(g, _OPEN_SHIFT, (row[0], row[1]))


# Every tablet page needs the user and his shift: one statement reads both.
read_with_user("tablet", with_open_shift, _keep_open_shift)


def safe_target(target: str | None) -> str | None:
    """`target` if it is a page of the tablet app, else None (no open redirects)."""
    if target and target.startswith("/t/") and "//" not in target and "\\" not in target:
        return target
    return None


def login_remembering(target: str):
    """Send a stranger to the login page (saying why, in his language); come back to `target`
    once logged in (and on shift)."""
    return navigate(url_for("auth.login", next=safe_target(target)))


def tablet_page(view):
    """Logged in and on shift; sets g.place and the warehouse time zone."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        target = request.full_path.rstrip("?")
        if not current_user.is_authenticated:
            return login_remembering(current_page() or url_for(".index"))
        # Read with the user, once: a later call in this request (after a shift change) reads anew.
        read = g.pop(_OPEN_SHIFT, None)
        shift, place = current_shift_and_place(current_user.performer_id, read)
        if place is None or not place.active:
            wanted = target if request.method == "GET" and not is_htmx() else None
            return navigate(url_for("tablet.place", next=wanted))
        g.shift, g.place = shift, place
        session["place_tz"] = place.timezone
        return view(*args, **kwargs)

    return wrapped


def own_repair(repair_id: str) -> Repair:
    """The current user's repair with this id; 404 or 403 (naming its repairer) otherwise."""
    repair = lookup.find_repair(repair_id)
    if repair is None:
        raise NotFound("No such repair.", repair_id=repair_id)
    if repair.performer_id != current_user.performer_id:
        raise Forbidden(
            "This repair belongs to another repairer.",
            code="not_your_repair",
            performer_name=repair.performer.name,
        )
    return repair
