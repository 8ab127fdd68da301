"""API tokens a worker verified lately, so that most API calls skip the token read.

Every API call names its token, and the chat bot or the field app sends the same one for hours:
reading it from the database on each call is a round trip that answers the same every time.
A worker trusts a token it verified for API_TOKEN_CACHE_SECONDS (default 10; 0 turns the
cache off), unless a token was revoked since.

Revoking one (the only way is `app.admin.services.revoke_token`) sets the modification time of
a file in the instance folder; before trusting what it remembers, each worker looks at that
time (one `stat`, no database), so on one host every worker refuses a revoked token at its
next request. Hosts sharing a PostgreSQL database each have their own file: there a revoked
token may still be accepted by another host for at most API_TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

import os
import time

from flask import Flask, current_app

EXTENSION = "verified_api_tokens"
MARKER_FILE = "api-token-revoked"
MOST_REMEMBERED = 1000  # a few services use the API; this bounds memory against garbage


class VerifiedTokens:
    """Token hashes this worker found active, each with when it found it."""

    def __init__(self, marker: str, max_age_seconds: float) -> None:
        self._marker = marker
        self._max_age = max_age_seconds
        self._verified: dict[str, float] = {}
        self._revocations = self._revocation_mark()

    def trusted(self, token_hash: str) -> bool:
        """True when this token was found active lately and nothing was revoked since."""
        if self._max_age <= 0:
            return False
        mark = self._revocation_mark()
        if mark != self._revocations:
            self._verified.clear()
            self._revocations = mark
            return False
        verified_at = self._verified.get(token_hash)
        return verified_at is not None and time.monotonic() - verified_at < self._max_age

    def remember(self, token_hash: str) -> None:
        """Trust this token for a while: a read found it active.

        Safe even if a revocation lands between that read and this call: `trusted()` looks
        at the revocation mark again before it trusts anything.
        """
        if self._max_age <= 0:
            return
        if len(self._verified) >= MOST_REMEMBERED:
            self._verified.clear()
        self._verified[token_hash] = time.monotonic()

    def revoked(self) -> None:
        """A token was revoked (and committed): no worker on this host trusts its memory now."""
        self._verified.clear()
        now = time.time_ns()
        if now <= self._revocations:
            now = self._revocations + 1
        with open(self._marker, "a"):
            pass
        os.utime(self._marker, ns=(now, now))

    def _revocation_mark(self) -> int:
        try:
            return os.stat(self._marker).st_mtime_ns
        except FileNotFoundError:
            return 0


def init_app(app: Flask) -> None:
    """One memory of verified tokens per app (so per worker)."""
    marker = os.path.join(app.instance_path, MARKER_FILE)
    app.extensions[EXTENSION] = VerifiedTokens(marker, app.config["API_TOKEN_CACHE_SECONDS"])


def verified_tokens() -> VerifiedTokens:
    """The current app's memory of verified tokens."""
    return current_app.extensions[EXTENSION]
