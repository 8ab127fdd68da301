"""API tokens a worker verified lately, so that most API calls skip the token read.

Every API call names its token, and the chat bot or the field app sends the same one for hours:
reading it from the database on each call is a round trip that answers the same every time.
A worker trusts a token it verified for API_TOKEN_CACHE_SECONDS (default 10; 0 turns the
cache off), unless a token was revoked since.

Revoking one (the only way is `app.admin.services.revoke_token`) appends a byte to a file in
the instance folder; before trusting what it remembers, each worker looks at that file's size
and modification time (one `stat`, no database), so on one host every worker refuses a revoked
token at its next request. Hosts sharing a PostgreSQL database each have their own file: a
token revoked on one may still be accepted by another for at most API_TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

import os
import time

from flask import Flask, current_app

EXTENSION = "verified_api_tokens"
MARKER_FILE = "api-token-revoked"
MOST_REMEMBERED = 1000  # a few services use the API; this bounds memory against garbage

Mark = tuple[int, int]  # the marker file's size and modification time


class VerifiedTokens:
    """Token hashes this worker found active: when, and under which revocation mark.

    A token is trusted only under the mark that was current *before* the read that found it
    active. A revocation that lands during or after that read changes the mark, so whatever
    the interleaving of this worker's threads, a revoked token is never trusted again.
    """

    def __init__(self, marker: str, max_age_seconds: float) -> None:
        self._marker = marker
        self._max_age = max_age_seconds
        self._verified: dict[str, tuple[float, Mark]] = {}  # hash -> (monotonic time, mark)

    def revocation_mark(self) -> Mark:
        """The revocation mark now: read it before the token read whose answer is remembered.

        The marker file grows by a byte at every revocation, so its size changes even where
        the file system keeps coarse modification times."""
        try:
            found = os.stat(self._marker)
        except FileNotFoundError:
            return (0, 0)
        return (found.st_size, found.st_mtime_ns)

    def trusted(self, token_hash: str) -> bool:
        """True when this token was found active lately and nothing was revoked since."""
        if self._max_age <= 0:
            return False
        found = self._verified.get(token_hash)
        if found is None:
            return False
        verified_at, mark = found
        return mark == self.revocation_mark() and time.monotonic() - verified_at < self._max_age

    def remember(self, token_hash: str, mark: Mark) -> None:
        """Trust this token for a while: a read that began under revocation mark `mark`
        found it active."""
        if self._max_age <= 0:
            return
        if len(self._verified) >= MOST_REMEMBERED:
            self._verified.clear()
        self._verified[token_hash] = (time.monotonic(), mark)

    def revoked(self) -> None:
        """A token was revoked (and committed): no worker on this host trusts its memory now."""
        self._verified.clear()
        with open(self._marker, "ab") as marker:  # O_APPEND: concurrent revocations add up
            marker.write(b".")


def init_app(app: Flask) -> None:
    """One memory of verified tokens per app (so per worker)."""
    marker = os.path.join(app.instance_path, MARKER_FILE)
    app.extensions[EXTENSION] = VerifiedTokens(marker, app.config["API_TOKEN_CACHE_SECONDS"])


def verified_tokens() -> VerifiedTokens:
    """The current app's memory of verified tokens."""
    return current_app.extensions[EXTENSION]
