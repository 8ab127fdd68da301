"""What managers change: warehouses, users, job types, API tokens.

Views have already checked each field's form (app.admin.forms over app.admin.rules); these
functions hold the rules that need the database: duplicates, unknown records, and not locking
oneself out. Every change runs in one write transaction (on SQLite it takes the write lock
before reading what it checks); a duplicate that still slips in is caught at commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import job_type_catalog
from app.admin import rules
from app.clock import utcnow
from app.database import write_transaction
from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import ApiToken, JobType, Place, Role, User
from app.token_cache import verified_tokens


class Refused(Conflict):
    """A change the current data forbids; `field` names the form field to show it on.
    `status` 422 instead of 409: the input itself is wrong once the data is known (a PIN too
    weak for the user's role)."""

    def __init__(self, message, *, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        if status is not None:
            self.status = status


SECRET_REFUSALS = {
    rules.SecretProblem.PIN_FORMAT: _l("The PIN is 4-8 digits."),
    rules.SecretProblem.MANAGER_TOO_WEAK: _l(
        "A manager needs a passphrase of at least 10 characters or a PIN of at least 8 digits."
    ),
    rules.SecretProblem.TOO_LONG: _l("At most %(max)d characters.", max=rules.SECRET_MAX),
    rules.SecretProblem.TRIVIAL: _l(
        "This PIN is too easy to guess: not 0000, 1234, one digit repeated or the performer ID."
    ),
}


def _check_secret(secret: str | None, role: str, performer_id: str, field: str = "pin") -> str:
    """Refuse a new PIN or passphrase too weak for the role (shown under `field`)."""
    problem = rules.secret_problem(secret, role, performer_id)
    if problem is not None:
        raise Refused(SECRET_REFUSALS[problem], field=field, status=422)
    return secret


def _hashed(secret: str) -> str:
    """The secret's hash, made before any write lock is taken (hashing is slow on purpose)."""
    holder = User()
    holder.set_pin(secret)
    return holder.pin_hash


@contextmanager
def _change(duplicate: Refused | None = None) -> Iterator[None]:
    """One write transaction; a unique-key clash at commit becomes `duplicate`."""
    try:
        with write_transaction():
            yield
        job_type_catalog.forget()
    except IntegrityError:
        if duplicate is None:
            raise
        raise duplicate from None


def _get(model, key, what: str):
    record = db.session.get(model, key)
    if record is None:
        raise NotFound(f"No {what} {key!r}.")
    return record


# Warehouses


def add_place(place_id: str, name: str, timezone: str, name_en: str | None = None) -> Place:
    """Add a warehouse; its id must be new."""
    duplicate = Refused(
        _l("A warehouse with ID %(id)s already exists.", id=place_id), field="place_id"
    )
    with _change(duplicate):
        if db.session.get(Place, place_id) is not None:
            raise duplicate
        place = Place(
            place_id=place_id, name=name, name_en=name_en or None, timezone=timezone, active=True
        )
        db.session.add(place)
    return place


def update_place(place_id: str, name: str, timezone: str, name_en: str | None = None) -> Place:
    """Rename a warehouse (in Russian, and optionally in English) or change its time zone."""
    with _change():
        place = _get(Place, place_id, "place")
        place.name, place.name_en, place.timezone = name, name_en or None, timezone
    return place


def set_place_active(place_id: str, active: bool) -> Place:
    """Deactivate a warehouse (no new shifts or repairs there) or bring it back."""
    with _change():
        place = _get(Place, place_id, "place")
        place.active = active
    return place


# Users


def add_user(performer_id: str, name: str, role: str, pin: str) -> User:
    """Add a repairer or manager with a PIN strong enough for the role; the id must be new."""
    duplicate = Refused(
        _l("A user with ID %(id)s already exists.", id=performer_id), field="performer_id"
    )
    user = User(performer_id=performer_id, name=name, role=role, active=True)
    user.pin_hash = _hashed(_check_secret(pin, role, performer_id))
    with _change(duplicate):
        if db.session.get(User, performer_id) is not None:
            raise duplicate
        db.session.add(user)
    return user


def update_user(
    performer_id: str, name: str, role: str, acting_id: str, pin: str | None = None
) -> User:
    """Rename a user or change the role; a manager cannot demote himself. Making a repairer a
    manager needs a manager's secret (`pin`): his 4-digit PIN will not do."""
    if performer_id == acting_id and role != Role.MANAGER:
        raise Refused(_l("You cannot take the manager role from yourself."), field="role")
    promoted = role == Role.MANAGER and _get(User, performer_id, "user").role != Role.MANAGER
    if pin or promoted:
        pin_hash = _hashed(_check_secret(pin, role, performer_id, field="manager_pin"))
    else:
        pin_hash = None
    with _change():
        user = _get(User, performer_id, "user")
        if user.role != role or pin_hash:
            user.end_sessions()  # no session carries the old role's rights or PIN on
        if pin_hash:
            user.pin_hash = pin_hash
        user.name, user.role = name, role
    return user


def reset_pin(performer_id: str, pin: str) -> User:
    """Give a user a new PIN strong enough for his role: the old one stops working and his
    sessions end at once."""
    user = _get(User, performer_id, "user")
    pin_hash = _hashed(_check_secret(pin, user.role, performer_id))
    with _change():
        user = _get(User, performer_id, "user")
        _check_secret(pin, user.role, performer_id)  # the role may have changed meanwhile
        user.pin_hash = pin_hash
        user.end_sessions()
    return user


def set_user_active(performer_id: str, active: bool, acting_id: str) -> User:
    """Deactivate a user (no log-in, no API use) or bring him back; never oneself."""
    if performer_id == acting_id and not active:
        _get(User, performer_id, "user")
        raise Refused(_l("You cannot deactivate yourself."))
    with _change():
        user = _get(User, performer_id, "user")
        if not active:
            user.end_sessions()  # so reactivating him later revives none of them
        user.active = active
    return user


# Job types


def job_types() -> list[JobType]:
    """Every job type, active and retired, in the order the tablet shows them."""
    return list(db.session.scalars(select(JobType).order_by(JobType.position, JobType.code)))


def _check_job_type_names(name_ru: str, name_en: str, except_code: str | None = None) -> None:
    """Two types with one name would look the same on the tablet: refuse that.

    Compared in Python with casefold(): SQLite's lower() leaves Cyrillic alone, and the list
    of job types is short.
    """
    for other in job_types():
        if other.code == except_code:
            continue
        for field, mine, theirs in (
            ("name_ru", name_ru, other.name_ru),
            ("name_en", name_en, other.name_en),
        ):
            if mine.casefold() == theirs.casefold():
                raise Refused(
                    _l("The job type %(code)s already has this name.", code=other.code),
                    field=field,
                )


def add_job_type(code: str, name_ru: str, name_en: str) -> JobType:
    """Add an active job type at the end of the list; it can be started at once."""
    duplicate = Refused(
        _l("A job type with code %(code)s already exists.", code=code), field="code"
    )
    with _change(duplicate):
        if db.session.get(JobType, code) is not None:
            raise duplicate
        _check_job_type_names(name_ru, name_en)
        last = db.session.scalar(select(func.max(JobType.position))) or 0
        job_type = JobType(
            code=code, name_ru=name_ru, name_en=name_en, position=last + 10, active=True
        )
        db.session.add(job_type)
    return job_type


def rename_job_type(code: str, name_ru: str, name_en: str) -> JobType:
    """Change a type's Russian and English names (history shows the new names)."""
    with _change():
        job_type = _get(JobType, code, "job type")
        _check_job_type_names(name_ru, name_en, except_code=code)
        job_type.name_ru, job_type.name_en = name_ru, name_en
    return job_type


def move_job_type(code: str, offset: int) -> JobType:
    """Move a type `offset` places up (-1) or down (+1); positions are renumbered 10, 20..."""
    with _change():
        ordered = job_types()
        index = next((i for i, t in enumerate(ordered) if t.code == code), None)
        if index is None:
            raise NotFound(f"No job type {code!r}.")
        target = min(max(index + offset, 0), len(ordered) - 1)
        ordered.insert(target, ordered.pop(index))
        for number, job_type in enumerate(ordered, start=1):
            if job_type.position != number * 10:
                job_type.position = number * 10
    return ordered[target]


def set_job_type_active(code: str, active: bool) -> JobType:
    """Retire a type (gone from the tablet, kept in history) or restore it."""
    with _change():
        job_type = _get(JobType, code, "job type")
        job_type.active = active
    return job_type


# API tokens


def api_tokens() -> list[ApiToken]:
    """Every token, newest first; revoked ones too, so the list says when they were revoked."""
    order = (ApiToken.created_at.desc(), ApiToken.id.desc())
    return list(db.session.scalars(select(ApiToken).order_by(*order)))


def issue_token(name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and only its hash is kept."""
    token, raw = ApiToken.issue(name)
    with _change():
        db.session.add(token)
    return token, raw


def revoke_token(token_id: int) -> ApiToken:
    """Revoke a token: the next request carrying it gets 401 (from every worker of this host;
    see app/token_cache.py). Revoking twice changes nothing."""
    with _change():
        token = _get(ApiToken, token_id, "token")
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    verified_tokens().revoked()  # after the commit, so no worker reads it as still active
    return token
