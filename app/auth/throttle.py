"""Throttling PIN guesses: wrong PINs counted in a sliding window, atomically, in three scopes.

1. A performer at one address (LOGIN_MAX_FAILURES, 5): a guesser locks only himself out, not
   the real user at his tablet.
2. A performer from every address (LOGIN_MAX_FAILURES_PER_PERFORMER, 20): guessing from many
   addresses still stops; a manager can lift this lock on the user's page.
3. An address, whichever performer (LOGIN_MAX_FAILURES_PER_ADDRESS, 20): one address trying a
   PIN against every performer.

Each attempt is counted before its PIN is checked, in one atomic step that also refuses it if a
scope is full, so requests arriving together never get more checks than the limit. A right PIN
takes its own count back and forgives that address's earlier failures for the performer, in
every scope: a warehouse whose tablets share one address, where each repairer mistypes now and
then and then logs in, never fills the address's count, while an address guessing the PINs of
performers it cannot log in as still does (its failures are forgiven only by the PINs it
guesses right, which the other two scopes limit). A manager lifting a performer's lock forgives
his failures for him alone; the addresses keep counting them. A failure stops counting
LOGIN_THROTTLE_WINDOW seconds after it.

The counts are shared by every worker and every instance: Redis in production
(LOGIN_THROTTLE_STORAGE=redis://host:6379/0) or a SQLite file in the instance folder for the
embedded single-host default, both in app/auth/throttle_storage.py.
"""

from __future__ import annotations

import math
import secrets
import time
from collections import Counter
from dataclasses import dataclass

from flask import Flask, current_app

from app.auth.throttle_storage import (
    ADDRESS,
    PAIR,
    PERFORMER,
    SCOPES,
    RedisFailures,
    SQLiteFailures,
)

__all__ = ["ADDRESS", "PAIR", "PERFORMER", "Attempt", "LoginThrottle", "get_throttle"]


@dataclass(frozen=True)
class Attempt:
    """The throttle's answer to a login attempt.

    Granted: the PIN may be checked; if it is wrong, `tries_left` more are allowed before a
    lock (0: this failure locks `scope`). Refused: `scope` is locked for `retry_after_s`."""

    allowed: bool
    ticket: str = ""
    tries_left: int = 0
    scope: str | None = None
    retry_after_s: int = 0


@dataclass(frozen=True)
class PerformerLock:
    """What a manager sees on a user's page: his recent wrong PINs and whether he is locked."""

    failures: int
    locked: bool


class LoginThrottle:
    """The policy over a store of failures (SQLiteFailures or RedisFailures)."""

    def __init__(
        self, store, per_pair: int, per_performer: int, per_address: int, window: int
    ) -> None:
        self.store, self.window = store, window
        self.limits = {PAIR: per_pair, PERFORMER: per_performer, ADDRESS: per_address}

    def begin(self, performer_id: str, address: str) -> Attempt:
        """Count this attempt before its PIN is checked, or refuse it if a scope is full."""
        now, ticket = time.time(), secrets.token_hex(16)
        granted, scopes = self.store.reserve(
            performer_id, address, ticket, now, self.window, self.limits
        )
        if not granted:
            scope = next(s for s in SCOPES if scopes[s].free_at is not None)
            wait = max(1, math.ceil(scopes[scope].free_at - now))
            return Attempt(False, scope=scope, retry_after_s=wait)
        left = {s: max(self.limits[s] - scopes[s].count, 0) for s in SCOPES}
        locking = next((s for s in SCOPES if left[s] == 0), None)
        wait = max(1, math.ceil(scopes[locking].free_at - now)) if locking else 0
        return Attempt(True, ticket, min(left.values()), locking, wait)

    def succeeded(self, attempt: Attempt, performer_id: str, address: str) -> None:
        """The PIN was right: take the attempt back and forgive this address's failures for
        the performer (for the address too)."""
        self.store.release(performer_id, address, attempt.ticket)

    def lock(self, performer_id: str) -> PerformerLock:
        """The performer's wrong PINs in the window, and whether any scope of his is locked."""
        recent = self.store.recent(performer_id, time.time() - self.window)
        per_address = Counter(address for address, _at in recent)
        locked = len(recent) >= self.limits[PERFORMER] or any(
            count >= self.limits[PAIR] for count in per_address.values()
        )
        return PerformerLock(len(recent), locked)

    def lift(self, performer_id: str) -> PerformerLock:
        """A manager lifts the performer's lock (from every address); returns what it was."""
        before = self.lock(performer_id)
        self.store.forgive(performer_id)
        return before


def init_app(app: Flask) -> None:
    """Build the throttle from the LOGIN_* settings."""
    storage = app.config["LOGIN_THROTTLE_STORAGE"]
    if storage.startswith("redis"):
        store = RedisFailures(storage, app.config["LOGIN_THROTTLE_PREFIX"])
    else:
        store = SQLiteFailures(storage.removeprefix("sqlite:///"))
    app.extensions["login_throttle"] = LoginThrottle(
        store,
        per_pair=app.config["LOGIN_MAX_FAILURES"],
        per_performer=app.config["LOGIN_MAX_FAILURES_PER_PERFORMER"],
        per_address=app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=app.config["LOGIN_THROTTLE_WINDOW"],
    )


def get_throttle() -> LoginThrottle:
    """The app's login throttle."""
    return current_app.extensions["login_throttle"]
