"""Where the login throttle keeps wrong-PIN counts (app/auth/throttle.py is the policy): a
SQLite file in the instance folder for the embedded single-host default (one IMMEDIATE
transaction per attempt), or Redis in production (one Lua script per attempt). Both count an
attempt and refuse it in one atomic step, in the three scopes below."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

PAIR, PERFORMER, ADDRESS = "performer_and_address", "performer", "address"
SCOPES = (PAIR, PERFORMER, ADDRESS)


@dataclass(frozen=True)
class Scope:
    """One scope's count right now (this attempt included once granted), and when it next drops
    below the limit (`free_at`, a Unix time; None while below)."""

    count: int
    free_at: float | None


class SQLiteFailures:
    """Failures as rows of a small SQLite file, safe across processes (BEGIN IMMEDIATE)."""

    def __init__(self, path: str) -> None:
        self.path = path
        conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS failures (
                    ticket TEXT PRIMARY KEY,
                    performer TEXT NOT NULL,
                    address TEXT NOT NULL,
                    at REAL NOT NULL,
                    -- 1: no longer counts for the performer (a manager lifted the lock); it
                    -- still counts for the address. (A right PIN deletes the pair's rows.)
                    forgiven INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX IF NOT EXISTS failures_performer ON failures (performer, at);
                CREATE INDEX IF NOT EXISTS failures_address ON failures (address, at);
                CREATE INDEX IF NOT EXISTS failures_at ON failures (at);
                """
            )
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    _WHERE = {
        PAIR: "performer = ? AND address = ? AND NOT forgiven",
        PERFORMER: "performer = ? AND NOT forgiven",
        ADDRESS: "address = ?",
    }

    def _scope(self, conn, scope: str, args: tuple, limit: int, window: float) -> Scope:
        where = self._WHERE[scope]
        count = conn.execute(f"SELECT count(*) FROM failures WHERE {where}", args).fetchone()[0]
        if count < limit:
            return Scope(count, None)
        # The window slides: the scope frees up when its (count - limit + 1)-th oldest expires.
        row = conn.execute(
            f"SELECT at FROM failures WHERE {where} ORDER BY at LIMIT 1 OFFSET ?",
            (*args, count - limit),
        ).fetchone()
        return Scope(count, row[0] + window)

    def reserve(
        self, performer: str, address: str, ticket: str, now: float, window: float, limits
    ) -> tuple[bool, dict[str, Scope]]:
        """Count an attempt unless a scope is full; (granted, each scope's count)."""
        args = {PAIR: (performer, address), PERFORMER: (performer,), ADDRESS: (address,)}
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM failures WHERE at <= ?", (now - window,))
                before = {s: self._scope(conn, s, args[s], limits[s], window) for s in SCOPES}
                granted = all(scope.free_at is None for scope in before.values())
                if granted:
                    conn.execute(
                        "INSERT INTO failures (ticket, performer, address, at) VALUES (?, ?, ?, ?)",
                        (ticket, performer, address, now),
                    )
                    after = {s: self._scope(conn, s, args[s], limits[s], window) for s in SCOPES}
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
        return granted, after if granted else before

    def release(self, performer: str, address: str, ticket: str) -> None:
        """A right PIN: uncount its attempt and this address's failures for the performer."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM failures WHERE ticket = ?", (ticket,))
            conn.execute(
                "DELETE FROM failures WHERE performer = ? AND address = ?", (performer, address)
            )
            conn.execute("COMMIT")
        finally:
            conn.close()

    def recent(self, performer: str, since: float) -> list[tuple[str, float]]:
        """The performer's failures that still count: (address, at), oldest first."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT address, at FROM failures WHERE performer = ? AND NOT forgiven "
                "AND at > ? ORDER BY at",
                (performer, since),
            ).fetchall()
        finally:
            conn.close()
        return [(address, at) for address, at in rows]

    def forgive(self, performer: str) -> None:
        """A manager lifted the lock: the performer's failures stop counting for him."""
        conn = self._connect()
        try:
            conn.execute("UPDATE failures SET forgiven = 1 WHERE performer = ?", (performer,))
        finally:
            conn.close()


# KEYS: the performer's sorted set (members "ticket|address"), the address's (members ticket).
# ARGV: now, window, the three limits, ticket, address. Tickets are 32 hex digits.
_RESERVE = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])}
local ticket, address = ARGV[6], ARGV[7]
local function scopes()
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local pair, performer = {}, {}
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    local at = tonumber(entries[i + 1])
    table.insert(performer, at)
    if string.sub(entries[i], 34) == address then table.insert(pair, at) end
  end
  local addr = {}
  local hits = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 2, #hits, 2 do table.insert(addr, tonumber(hits[i])) end
  local out, full = {}, false
  for s, times in ipairs({pair, performer, addr}) do
    local count, free_at = #times, ''
    if count >= limits[s] then
      free_at = tostring(times[count - limits[s] + 1] + window)
      full = true
    end
    table.insert(out, count)
    table.insert(out, free_at)
  end
  return out, full
end
local before, full = scopes()
if full then return {0, before} end
redis.call('ZADD', KEYS[1], now, ticket .. '|' .. address)
redis.call('ZADD', KEYS[2], now, ticket)
local ttl = math.ceil(window) + 1
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
local after = scopes()
return {1, after}
"""

# KEYS: as above. ARGV: ticket, address. The pair's failures leave both sets.
_RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, 34) == ARGV[2] then
    redis.call('ZREM', KEYS[1], member)
    redis.call('ZREM', KEYS[2], string.sub(member, 1, 32))
  end
end
return 1
"""


class RedisFailures:
    """Failures in Redis sorted sets (one per performer, one per address), changed by Lua
    scripts so each attempt is counted or refused in one atomic step."""

    def __init__(self, url: str, prefix: str = "sor:throttle:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix
        self._reserve = self.redis.register_script(_RESERVE)
        self._release = self.redis.register_script(_RELEASE)

    def _keys(self, performer: str, address: str) -> list[str]:
        return [f"{self.prefix}performer:{performer}", f"{self.prefix}address:{address}"]

    def reserve(
        self, performer: str, address: str, ticket: str, now: float, window: float, limits
    ) -> tuple[bool, dict[str, Scope]]:
        args = [now, window, limits[PAIR], limits[PERFORMER], limits[ADDRESS], ticket, address]
        granted, flat = self._reserve(keys=self._keys(performer, address), args=args)
        scopes = {}
        for i, scope in enumerate(SCOPES):
            count, free_at = flat[2 * i], flat[2 * i + 1]
            scopes[scope] = Scope(int(count), float(free_at.decode()) if free_at else None)
        return bool(granted), scopes

    def release(self, performer: str, address: str, ticket: str) -> None:
        self._release(keys=self._keys(performer, address), args=[ticket, address])

    def recent(self, performer: str, since: float) -> list[tuple[str, float]]:
        key = self._keys(performer, "")[0]
        entries = self.redis.zrangebyscore(key, f"({since}", "+inf", withscores=True)
        return [(member.decode()[33:], at) for member, at in entries]

    def forgive(self, performer: str) -> None:
        self.redis.delete(self._keys(performer, "")[0])
