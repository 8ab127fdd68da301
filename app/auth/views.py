"""Log in, log out, switch language; `/` sends each role to its home."""

from __future__ import annotations

import time
import unicodedata
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user

from app.auth import bp, security_log
from app.auth.access import start_session
from app.auth.forms import LoginForm
from app.auth.throttle import PERFORMER, Attempt, get_throttle
from app.database import write_transaction
from app.demo.people import is_demo_pin
from app.extensions import db
from app.i18n import LANGUAGES
from app.models import User
from app.repairs.lookup import performing_repair_of


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: the language switch redirects only here.

    Browsers read a backslash as a slash and drop tabs and line breaks from a URL, so a path
    hiding one of them after its first slash would lead to another site: a backslash or any
    control or format character is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(unicodedata.category(c).startswith("C") for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _after_login() -> str:
    """Where a fresh login goes: the page asked for (a path on this site), else a repairer's
    repair in progress, else his home."""
    target = local_path(request.args.get("next"))
    if target and not target.startswith(url_for("auth.login")):
        return target
    if not current_user.is_manager and "tablet.repair" in current_app.view_functions:
        repair = performing_repair_of(performer_id=current_user.performer_id)
        if repair is not None:
            return url_for("tablet.repair", repair_id=repair.repair_id)
    return home_url()


def home_url() -> str:
    """Where a user lands: managers on their pages, repairers on the tablet."""
    endpoint = "manager.index" if current_user.is_manager else "tablet.index"
    if endpoint in current_app.view_functions:
        return url_for(endpoint)
    return url_for("auth.home")


def _fresh_session() -> None:
    """Drop everything from the last user but the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.get("/")
def index():
    """Send the user to the right home page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_url())


@bp.get("/home")
@login_required
def home():
    """A plain landing page, for roles whose area is not installed."""
    return render_template("auth/home.html")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The PIN login: a performer id and a PIN typed on a big keypad; guesses are throttled."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        status = _attempt(form)
        if status == 302:
            return redirect(_after_login())
    elif form.errors:
        status = 422
    asked = local_path(request.args.get("next"))
    page = render_template("auth/login.html", form=form, idle=request.args.get("idle"), asked=asked)
    return page, status


def _attempt(form: LoginForm) -> int:
    """Check the PIN under the throttle; log the outcome. Returns the HTTP status to answer."""
    performer_id, address = form.performer_id.data.strip(), request.remote_addr or "?"
    throttle = get_throttle()
    attempt = throttle.begin(performer_id, address)  # counted before the PIN is checked
    if not attempt.allowed:
        security_log.record(
            "login_refused", performer_id, scope=attempt.scope, retry_after_s=attempt.retry_after_s
        )
        form.pin.errors.append(_locked(attempt))
        return 429
    user = db.session.get(User, performer_id)
    if not _pin_accepted(user, performer_id, form.pin.data):
        form.pin.errors.append(_("Wrong performer ID or PIN."))
        if attempt.tries_left:
            security_log.record("login_failed", performer_id, tries_left=attempt.tries_left)
            form.pin.errors.append(
                ngettext(
                    "%(num)d try left before a lock.",
                    "%(num)d tries left before a lock.",
                    attempt.tries_left,
                )
            )
        else:
            security_log.record("login_locked", performer_id, scope=attempt.scope)
            form.pin.errors.append(_locked(attempt))
        return 422
    throttle.succeeded(attempt, performer_id, address)
    _fresh_session()
    start_session(user)
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME at the latest
    session["seen_at"] = time.time()  # the idle clock starts now
    security_log.record("login_ok", performer_id)
    return 302


def _pin_accepted(user: User | None, performer_id: str, pin: str) -> bool:
    """The user exists, is active and `pin` is his; a demo account's published PIN only in
    demo mode (DEMO, set by scripts/serve)."""
    if user is None or not user.active or not user.check_pin(pin):
        return False
    return current_app.config["DEMO"] or not is_demo_pin(performer_id, pin)


def _locked(attempt: Attempt) -> str:
    """Say that logging in is locked, for how long, and who can lift a performer-wide lock."""
    minutes = max(1, -(-attempt.retry_after_s // 60))
    if attempt.scope == PERFORMER:
        return _(
            "Too many wrong PINs for this performer ID. Ask a manager to lift the lock, "
            "or try again in %(minutes)d min.",
            minutes=minutes,
        )
    return _("Too many wrong PINs. Try again in %(minutes)d min.", minutes=minutes)


@bp.post("/logout")
@login_required
def logout():
    """Log out, here and in every other session of this user; keep the language for the next
    person at this tablet."""
    performer_id = current_user.performer_id
    with write_transaction():
        user = db.session.get(User, performer_id)
        if user is not None:
            user.end_sessions()
    security_log.record("logout", performer_id)
    logout_user()
    _fresh_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language/<code>")
def language(code: str):
    """Switch the interface language and come back to the same page."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(local_path(request.form.get("next")) or "/")
