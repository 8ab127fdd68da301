"""Throttling PIN guesses: failures counted per performer and per address in fixed windows.

The counters are shared by every worker and every instance: Redis in production
(LOGIN_THROTTLE_STORAGE=redis://host:6379/0), or a SQLite file in the instance folder for the
embedded single-host default (no server needed).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass

from flask import Flask, current_app


class SQLiteCounters:
    """Fixed-window counters in a small SQLite file, safe across processes."""

    def __init__(self, path: str) -> None:
        self.path = path
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, "
                "window INTEGER NOT NULL, count INTEGER NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    def incr(self, key: str, window: int) -> int:
        """Add one hit to `key` in the current window; return the window's count."""
        current = int(time.time()) // window
        conn = self._connect()
        try:
            row = conn.execute(
                "INSERT INTO hits (key, window, count) VALUES (?, ?, 1) "
                "ON CONFLICT(key) DO UPDATE SET count = CASE WHEN window = excluded.window "
                "THEN count + 1 ELSE 1 END, window = excluded.window RETURNING count",
                (key, current),
            ).fetchone()
        finally:
            conn.close()
        return row[0]

    def get(self, key: str, window: int) -> int:
        """The count of `key` in the current window."""
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT count FROM hits WHERE key = ? AND window = ?",
                (key, int(time.time()) // window),
            ).fetchone()
        finally:
            conn.close()
        return row[0] if row else 0

    def clear(self, key: str) -> None:
        """Forget `key`."""
        conn = self._connect()
        try:
            conn.execute("DELETE FROM hits WHERE key = ?", (key,))
        finally:
            conn.close()


class RedisCounters:
    """Fixed-window counters in Redis (INCR with an expiry)."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def _key(self, key: str, window: int) -> str:
        return f"sor:throttle:{key}:{int(time.time()) // window}"

    def incr(self, key: str, window: int) -> int:
        name = self._key(key, window)
        pipe = self.redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window)
        return int(pipe.execute()[0])

    def get(self, key: str, window: int) -> int:
        return int(self.redis.get(self._key(key, window)) or 0)

    def clear(self, key: str) -> None:
        for name in self.redis.scan_iter(f"sor:throttle:{key}:*"):
            self.redis.delete(name)


@dataclass(frozen=True)
class Verdict:
    """Whether a login attempt may go ahead, and if not for how long it is locked."""

    allowed: bool
    retry_after_s: int = 0


class LoginThrottle:
    """The policy: at most N failures per performer and M per address in a window."""

    def __init__(self, counters, per_performer: int, per_address: int, window: int) -> None:
        self.counters, self.window = counters, window
        self.limits = {"performer": per_performer, "address": per_address}

    def check(self, performer_id: str, address: str) -> Verdict:
        """May this performer try a PIN from this address now?"""
        for kind, key in (("performer", performer_id), ("address", address)):
            if self.counters.get(f"{kind}:{key}", self.window) >= self.limits[kind]:
                return Verdict(False, self.window - int(time.time()) % self.window)
        return Verdict(True)

    def failed(self, performer_id: str, address: str) -> bool:
        """Count a failure; True when it has just locked the performer or the address."""
        locked = False
        for kind, key in (("performer", performer_id), ("address", address)):
            count = self.counters.incr(f"{kind}:{key}", self.window)
            locked = locked or count == self.limits[kind]
        return locked

    def succeeded(self, performer_id: str) -> None:
        """A right PIN clears the performer's failures (not the address's)."""
        self.counters.clear(f"performer:{performer_id}")


def init_app(app: Flask) -> None:
    """Build the throttle from LOGIN_THROTTLE_* settings."""
    storage = app.config.get("LOGIN_THROTTLE_STORAGE") or (
        "sqlite:///" + os.path.join(app.instance_path, "login-throttle.sqlite3")
    )
    if storage.startswith("redis"):
        counters = RedisCounters(storage)
    else:
        counters = SQLiteCounters(storage.removeprefix("sqlite:///"))
    app.extensions["login_throttle"] = LoginThrottle(
        counters,
        per_performer=int(app.config.get("LOGIN_MAX_FAILURES", 5)),
        per_address=int(app.config.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)),
        window=int(app.config.get("LOGIN_THROTTLE_WINDOW", 900)),
    )


def get_throttle() -> LoginThrottle:
    """The app's login throttle."""
    return current_app.extensions["login_throttle"]
