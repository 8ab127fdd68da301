"""The simulator's shared state in a small SQLite file.

Several gunicorn worker processes serve the simulator at once, so everything mutable lives here:
each scooter's state, edits to its details, the misbehaviour switches, request counters, a
log of commands and one of tag writes (``tags.py``). Every
operation opens its own short connection (safe across fork and threads); the file is in WAL mode
with a busy timeout, and read-modify-write happens inside ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

MODES = ("ok", "slow", "timeout", "trickle", "huge", "error500", "garbage", "down", "reset")
SCOPES = ("all", "reads", "commands")
DECK_CLOSES_AFTER = 120.0  # seconds: the repairer shuts the deck by hand
BUSY_TIMEOUT = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS car_state (
    vehicle_id TEXT PRIMARY KEY,
    deck_opened_at REAL,
    headlight_on INTEGER NOT NULL,
    lock_open INTEGER NOT NULL,
    wheel_blocked INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS car_edits (
    vehicle_id TEXT PRIMARY KEY,
    fields TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL,
    latency REAL NOT NULL,
    error_rate REAL NOT NULL,
    scope TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS request_counts (
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (method, path)
);
CREATE TABLE IF NOT EXISTS command_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    vehicle_id TEXT NOT NULL,
    action TEXT NOT NULL,
    status INTEGER NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_writes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL UNIQUE,
    vehicle_id TEXT NOT NULL,
    op TEXT NOT NULL,
    tag_id TEXT NOT NULL,
    tag TEXT,
    comment TEXT,
    created_at REAL NOT NULL,
    applied INTEGER NOT NULL
);
INSERT OR IGNORE INTO faults (id, mode, latency, error_rate, scope) VALUES (1, 'ok', 0, 1, 'all');
"""


@dataclass(frozen=True)
class Faults:
    """Misbehaviour switches.

    ``latency`` seconds are added to every in-scope request; ``mode`` applies to a fraction
    ``error_rate`` of them; ``scope`` is ``all``, ``reads`` (details) or ``commands`` (control).
    """

    mode: str = "ok"
    latency: float = 0.0
    error_rate: float = 1.0
    scope: str = "all"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError("error_rate must be between 0 and 1")
        if self.latency < 0:
            raise ValueError("latency must not be negative")

    def to_json(self) -> dict[str, Any]:
        """The switches as a plain dict."""
        return asdict(self)


@dataclass(frozen=True)
class ScooterState:
    """What commands change on a scooter; the deck closes by hand after a while."""

    deck_opened_at: float | None = None
    headlight_on: bool = False
    lock_open: bool = False
    wheel_blocked: bool = True

    def deck_open(self, now: float | None = None) -> bool:
        """Whether the deck is open at ``now`` (epoch seconds)."""
        now = time.time() if now is None else now
        return self.deck_opened_at is not None and now - self.deck_opened_at < DECK_CLOSES_AFTER

    def to_json(self, now: float | None = None) -> dict[str, bool]:
        """The state as the simulator reports it."""
        return {
            "deck_open": self.deck_open(now),
            "headlight_on": self.headlight_on,
            "lock_open": self.lock_open,
            "wheel_blocked": self.wheel_blocked,
        }


# A command handler gets the current state and returns (new state, HTTP status, answer body).
Transition = Callable[[ScooterState], tuple[ScooterState, int, dict[str, Any]]]


class StateStore:
    """The SQLite file holding the simulator's mutable state."""

    def __init__(self, path: str) -> None:
        """Use the file at ``path``; it and its folder are created on first use."""
        self.path = os.fspath(path)
        self._ready = False
        self._init_lock = threading.Lock()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self._init_schema()
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _init_schema(self) -> None:
        with self._init_lock:
            if self._ready:
                return
            folder = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(folder, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("COMMIT")
            finally:
                conn.close()
            self._ready = True

    def transaction(self, write: bool = False) -> Any:
        """A short transaction on the state file (BEGIN IMMEDIATE when ``write``)."""
        return self._connect(write)

    def faults(self) -> Faults:
        """The current misbehaviour switches."""
        with self._connect() as conn:
            row = conn.execute("SELECT mode, latency, error_rate, scope FROM faults").fetchone()
        return Faults(*row)

    def set_faults(self, faults: Faults) -> None:
        """Replace the misbehaviour switches."""
        with self._connect(write=True) as conn:
            conn.execute(
                "UPDATE faults SET mode = ?, latency = ?, error_rate = ?, scope = ?",
                (faults.mode, faults.latency, faults.error_rate, faults.scope),
            )

    def count_request(self, method: str, path: str) -> None:
        """Count one request received."""
        with self._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO request_counts (method, path, count) VALUES (?, ?, 1) "
                "ON CONFLICT (method, path) DO UPDATE SET count = count + 1",
                (method, path),
            )

    def request_counts(self) -> dict[tuple[str, str], int]:
        """Requests received so far, per (method, path)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT method, path, count FROM request_counts").fetchall()
        return {(m, p): c for m, p, c in rows}

    def state(self, vehicle_id: str) -> ScooterState:
        """The scooter's current state (the default one if no command ever touched it)."""
        with self._connect() as conn:
            return self._load(conn, vehicle_id)

    def apply(self, vehicle_id: str, action: str, transition: Transition) -> tuple[int, dict]:
        """Run ``transition`` on the scooter's state atomically and log the command."""
        with self._connect(write=True) as conn:
            before = self._load(conn, vehicle_id)
            after, status, body = transition(before)
            if after != before:
                conn.execute(
                    "INSERT OR REPLACE INTO car_state VALUES (?, ?, ?, ?, ?)",
                    (
                        vehicle_id,
                        after.deck_opened_at,
                        after.headlight_on,
                        after.lock_open,
                        after.wheel_blocked,
                    ),
                )
            conn.execute(
                "INSERT INTO command_log (vehicle_id, action, status, at) VALUES (?, ?, ?, ?)",
                (vehicle_id, action, status, time.time()),
            )
        return status, body

    def edit_car(self, vehicle_id: str, fields: dict[str, Any]) -> None:
        """Replace these fields of the car's details from now on (added to earlier edits)."""
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT fields FROM car_edits WHERE vehicle_id = ?", (vehicle_id,)
            ).fetchone()
            edits = (json.loads(row[0]) if row else {}) | fields
            conn.execute(
                "INSERT OR REPLACE INTO car_edits VALUES (?, ?)", (vehicle_id, json.dumps(edits))
            )

    def car_edits(self) -> dict[str, dict[str, Any]]:
        """Every edited car's replaced fields, by vehicle id."""
        with self._connect() as conn:
            rows = conn.execute("SELECT vehicle_id, fields FROM car_edits").fetchall()
        return {vehicle_id: json.loads(fields) for vehicle_id, fields in rows}

    def commands(self, vehicle_id: str | None = None) -> list[tuple[str, str, int]]:
        """Commands received for existing cars, oldest first: (vehicle_id, action, status)."""
        sql = "SELECT vehicle_id, action, status FROM command_log"
        args: tuple[str, ...] = ()
        if vehicle_id is not None:
            sql, args = sql + " WHERE vehicle_id = ?", (vehicle_id,)
        with self._connect() as conn:
            return [tuple(r) for r in conn.execute(sql + " ORDER BY id", args)]

    def reset(self) -> None:
        """Forget all scooter state and edits, counters and logged commands; clear the faults."""
        with self._connect(write=True) as conn:
            for table in (
                "car_state",
                "car_edits",
                "request_counts",
                "command_log",
                "tag_writes",
            ):
                conn.execute(f"DELETE FROM {table}")
            conn.execute(
                "UPDATE faults SET mode = 'ok', latency = 0, error_rate = 1, scope = 'all'"
            )

    @staticmethod
    def _load(conn: sqlite3.Connection, vehicle_id: str) -> ScooterState:
        row = conn.execute(
            "SELECT deck_opened_at, headlight_on, lock_open, wheel_blocked FROM car_state "
            "WHERE vehicle_id = ?",
            (vehicle_id,),
        ).fetchone()
        if row is None:
            return ScooterState()
        return ScooterState(row[0], bool(row[1]), bool(row[2]), bool(row[3]))
