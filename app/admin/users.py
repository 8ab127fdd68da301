"""Users: list, add, rename, change role, reset PIN, deactivate and reactivate."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin import bp, services
from app.admin.forms import PinForm, UserEditForm, UserForm
from app.admin.responses import FORM_ERROR_STATUS, done, show_refusal
from app.admin.services import Refused
from app.auth import security_log
from app.auth.access import keep_this_session
from app.auth.throttle import get_throttle
from app.extensions import db
from app.models import User


def _list_page(form: UserForm, status: int = 200, errors: list[str] | None = None):
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.name))
    page = render_template("admin/users.html", form=form, users=list(users), errors=errors)
    return page, status


def _edit_page(user: User, form=None, pin_form=None, status: int = 200, errors=None):
    throttle = get_throttle()
    page = render_template(
        "admin/user.html",
        user=user,
        form=form or UserEditForm(obj=user),
        pin_form=pin_form or PinForm(),
        errors=errors,
        lock=throttle.lock(user.performer_id),
        window_minutes=max(1, throttle.window // 60),
    )
    return page, status


@bp.get("/users")
def users():
    """Every repairer and manager, with the form to add one."""
    return _list_page(UserForm())


@bp.post("/users")
def add_user():
    """Add a user; a taken performer ID is refused on the form."""
    form = UserForm()
    if not form.validate_on_submit():
        return _list_page(form, FORM_ERROR_STATUS)
    data = form.data
    try:
        user = services.add_user(data["performer_id"], data["name"], data["role"], data["pin"])
    except Refused as refusal:
        return _list_page(form, refusal.status, show_refusal(form, refusal))
    return done(_("User %(name)s added.", name=user.name), "admin.users")


@bp.get("/users/<path:performer_id>")
def user(performer_id: str):
    """A user's page: name and role, a new PIN, deactivation."""
    return _edit_page(db.get_or_404(User, performer_id))


@bp.post("/users/<path:performer_id>")
def update_user(performer_id: str):
    """Save a user's name and role."""
    user = db.get_or_404(User, performer_id)
    form = UserEditForm()
    if not form.validate_on_submit():
        return _edit_page(user, form=form, status=FORM_ERROR_STATUS)
    try:
        user = services.update_user(
            performer_id,
            form.name.data,
            form.role.data,
            current_user.get_id(),
            form.manager_pin.data,
        )
    except Refused as refusal:
        return _edit_page(
            user, form=form, status=refusal.status, errors=show_refusal(form, refusal)
        )
    if performer_id == current_user.get_id():
        keep_this_session(user)  # a new secret of his own ends his other sessions only
    return done(_("User %(name)s saved.", name=form.name.data), "admin.users")


@bp.post("/users/<path:performer_id>/pin")
def reset_pin(performer_id: str):
    """Set a new PIN for a user who forgot his."""
    user = db.get_or_404(User, performer_id)
    pin_form = PinForm()
    if not pin_form.validate_on_submit():
        return _edit_page(user, pin_form=pin_form, status=FORM_ERROR_STATUS)
    try:
        user = services.reset_pin(performer_id, pin_form.pin.data)
    except Refused as refusal:
        errors = show_refusal(pin_form, refusal)
        return _edit_page(user, pin_form=pin_form, status=refusal.status, errors=errors)
    if performer_id == current_user.get_id():
        keep_this_session(user)  # his other sessions end; the one he is using goes on
    return done(
        _("New PIN saved: %(name)s.", name=user.name), "admin.user", performer_id=performer_id
    )


@bp.post("/users/<path:performer_id>/unlock")
def unlock_user(performer_id: str):
    """Lift the lock wrong PINs put on a user, from every address (each address's own count
    of wrong PINs stays)."""
    user = db.get_or_404(User, performer_id)
    lifted = get_throttle().lift(performer_id)
    security_log.record(
        "lock_lifted", performer_id, by=current_user.get_id(), failures=lifted.failures
    )
    return done(
        _("Lock lifted: %(name)s.", name=user.name), "admin.user", performer_id=performer_id
    )


@bp.post("/users/<path:performer_id>/deactivate")
def deactivate_user(performer_id: str):
    """Deactivate a user: he is logged out and can no longer log in or be named in the API."""
    user = db.get_or_404(User, performer_id)
    try:
        services.set_user_active(performer_id, False, current_user.get_id())
    except Refused as refusal:
        return _edit_page(user, status=refusal.status, errors=[refusal.message])
    return done(_("User %(name)s deactivated.", name=user.name), "admin.users")


@bp.post("/users/<path:performer_id>/reactivate")
def reactivate_user(performer_id: str):
    """Let a deactivated user log in again."""
    user = services.set_user_active(performer_id, True, current_user.get_id())
    return done(_("User %(name)s reactivated.", name=user.name), "admin.users")
