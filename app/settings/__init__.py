"""Every setting, its default and its meaning, in one place (README, "Configuration").

Each `Setting` names its environment variable, the Flask config key it fills, the parser
that checks and converts it, and its default. `load()` reads them all at start-up into a
dict for Flask's `app.config`, which stays the store the code reads (tests override any key
through `create_app(test_config)`); readers use the key with no fallback of their own.

A bad value raises `SettingsError`, one line per variable: `DRIVE_READ_TIMEOUT: expected a
number of seconds above 0, got 'abc'`. The entry points (`wsgi.py`, `gunicorn.conf.py` and
`scripts/serve` through `python -m app.settings`) print it and exit without a traceback.

No pydantic-settings: a parser per kind of value is a few lines, needs no new dependency and
says exactly what form a variable expects.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .environment import without_password
from .parsers import (
    BadValue,
    bind_address,
    database_url,
    flag,
    http_url,
    number,
    pin_hash_method,
    proxy_addresses,
    text,
    whole,
)

T = TypeVar("T")

# gunicorn's "App failed to load": its master stops instead of restarting workers forever.
EXIT_STATUS = 4


class SettingsError(ValueError):
    """One or more settings have a value of the wrong form; each line names one."""


@dataclass(frozen=True)
class InstanceFile:
    """A default file in the app's instance folder; `prefix` makes it a URL (sqlite:///)."""

    name: str
    prefix: str = ""

    def resolve(self, instance_path: str) -> str:
        return self.prefix + os.path.join(instance_path, self.name)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One environment variable: its parser, its default (None: unset) and what it means."""

    env: str
    parse: Callable[[str], T]
    default: T | InstanceFile | None
    meaning: str
    key: str = ""  # the Flask config key, when it is not `env`
    serve: bool = False  # read by scripts/serve for gunicorn, not by the app

    @property
    def config_key(self) -> str:
        return self.key or self.env

    def read(self, environ: Mapping[str, str], instance_path: str) -> T | str | None:
        """The value from `environ`; empty or unset means the default."""
        raw = environ.get(self.env, "")
        if raw.strip():
            try:
                return self.parse(raw)
            except BadValue as bad:
                shown = without_password(raw)  # a URL's password is never printed
                raise SettingsError(f"{self.env}: expected {bad}, got {shown!r}") from None
        if isinstance(self.default, InstanceFile):
            return self.default.resolve(instance_path)
        return self.default


SECONDS, POSITIVE_SECONDS = number("seconds"), number("seconds", above_zero=True)

SETTINGS: tuple[Setting[Any], ...] = (
    Setting(
        "DATABASE_URL",
        database_url,
        InstanceFile("scooters-ops-repair.sqlite3", prefix="sqlite:///"),
        "the database; postgresql+psycopg://user@host/db in production",
        key="SQLALCHEMY_DATABASE_URI",
    ),
    Setting(
        "SECRET_KEY",
        text,
        None,
        "signs sessions; required with PostgreSQL; unset with SQLite: a key in instance/secret_key",
    ),
    Setting(
        "INSTANCE_PATH",
        text,
        None,
        "the instance folder (default SQLite file, secret key, logs); app/paths.py",
    ),
    Setting("DEMO", flag, False, "demo mode: the demo accounts' PINs work (scripts/serve sets it)"),
    Setting("DRIVE_URL", http_url, None, "Drive's base URL; unset: the built-in simulator"),
    Setting("DRIVE_TOKEN", text, None, "sent to Drive as `Authorization: OAuth <token>`"),
    Setting("DRIVE_READ_TIMEOUT", POSITIVE_SECONDS, 3.0, "seconds to wait for car details"),
    Setting("DRIVE_COMMAND_TIMEOUT", POSITIVE_SECONDS, 10.0, "seconds to wait for a command"),
    Setting(
        "DRIVE_SIMULATOR_PATH",
        text,
        InstanceFile("drive-simulator.sqlite3"),
        "the built-in simulator's state file, shared by all workers",
    ),
    Setting(
        "DRIVE_CONNECT_TIMEOUT",
        POSITIVE_SECONDS,
        2.0,
        "seconds to wait for a connection to Drive (capped by the call's timeout)",
    ),
    Setting("DRIVE_BREAKER_FAILURES", whole(1), 5, "consecutive failures that open the breaker"),
    Setting(
        "DRIVE_BREAKER_RESET_AFTER", SECONDS, 15.0, "seconds calls fail fast before a trial call"
    ),
    Setting(
        "DRIVE_MAX_IN_FLIGHT",
        whole(1),
        2,
        "Drive calls one worker may have in flight (the bulkhead); more fail fast as unavailable",
    ),
    Setting(
        "OUTBOX_INTERVAL_SECONDS",
        SECONDS,
        15.0,
        "how often each worker retries the Drive writes due (0: no background delivery)",
    ),
    Setting("OUTBOX_RETRY_SECONDS", SECONDS, 5.0, "wait before a failed Drive write's 2nd try"),
    Setting(
        "OUTBOX_RETRY_MAX_SECONDS",
        SECONDS,
        600.0,
        "longest wait between tries of a Drive write (the wait doubles up to it)",
    ),
    Setting(
        "SHIFT_MAX_HOURS", number("hours"), 16.0, "an open shift older than this is not 'on shift'"
    ),
    Setting(
        "MILEAGE_BACKFILL_HOURS",
        number("hours"),
        24.0,
        "how long after a repair a missing mileage snapshot may be filled in",
    ),
    Setting(
        "MILEAGE_MAX_AGE_SECONDS",
        SECONDS,
        600.0,
        "how old a Drive reading may be for the history API's km since (0: always ask Drive)",
    ),
    Setting("JOB_TYPES_MAX_AGE_SECONDS", SECONDS, 30.0, "how long a worker keeps its job types"),
    Setting(
        "STATS_MAX_AGE_SECONDS",
        SECONDS,
        300.0,
        "an older statistics report is recomputed in the background (0: no snapshots)",
    ),
    Setting(
        "API_TOKEN_CACHE_SECONDS",
        SECONDS,
        10.0,
        "how long a worker trusts an API token it verified (0: every call reads it)",
    ),
    Setting(
        "IDLE_LOGOUT_MINUTES", number("minutes"), 15.0, "a session untouched this long logs out"
    ),
    Setting(
        "LOGIN_THROTTLE_STORAGE",
        text,
        InstanceFile("login-throttle.sqlite3", prefix="sqlite:///"),
        "where wrong-PIN counts live: sqlite:///path or redis://host:port/db",
    ),
    Setting("LOGIN_THROTTLE_PREFIX", text, "sor:throttle:", "prefix of the throttle's Redis keys"),
    Setting("LOGIN_MAX_FAILURES", whole(1), 5, "wrong PINs for a performer from one address"),
    Setting(
        "LOGIN_MAX_FAILURES_PER_PERFORMER",
        whole(1),
        20,
        "wrong PINs for a performer from all addresses (a manager can lift the lock)",
    ),
    Setting("LOGIN_MAX_FAILURES_PER_ADDRESS", whole(1), 20, "wrong PINs from one address"),
    Setting("LOGIN_THROTTLE_WINDOW", whole(1), 900, "seconds a wrong PIN keeps counting"),
    Setting(
        "SECURITY_LOG", text, InstanceFile("security.log"), "JSON-lines log of logins and lock-outs"
    ),
    Setting("PUBLIC_BASE_URL", http_url, None, "the address phones reach; unset: the request's"),
    Setting(
        "TRUSTED_PROXIES",
        proxy_addresses,
        None,
        "addresses or networks of the proxies whose X-Forwarded-* are believed (app/proxies.py)",
    ),
    Setting(
        "METRICS_TOKEN",
        text,
        None,
        "/metrics wants `Authorization: Bearer <it>`; unset: only this machine may read /metrics",
    ),
    Setting("SESSION_COOKIE_SECURE", flag, False, "always mark the session cookie Secure"),
    Setting("CONTROL_REQUIRE_SHIFT", flag, True, "repairers must be on shift to send commands"),
    Setting(
        "CONTROL_PENDING_MARGIN_SECONDS",
        SECONDS,
        60.0,
        "a command pending past its timeout plus this was abandoned: settled unknown",
    ),
    Setting("PIN_HASH_METHOD", pin_hash_method, "scrypt", "werkzeug hash method for PINs"),
    Setting("SQLITE_BUSY_TIMEOUT", SECONDS, 30.0, "seconds a SQLite writer waits for the lock"),
    Setting("WORKERS", whole(1), 2, "gunicorn worker processes", serve=True),
    Setting("THREADS", whole(1), 4, "threads per gunicorn worker", serve=True),
    Setting("BIND", bind_address, "0.0.0.0:8000", "where gunicorn listens", serve=True),
)

# Config keys with a fixed value, not read from the environment (tests may override them).
FIXED: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # no legitimate request is near this
    "SQLITE_STRICT_WRITES": False,  # True: a request writing outside write_transaction() fails
    "STATS_WAIT_SECONDS": 2.0,  # how long a page waits for a statistics report being computed
    "PEOPLE_SELECT_LIMIT": 300,  # more people than this: a search field, not a select
}

BY_ENV = {setting.env: setting for setting in SETTINGS}


def _read_all(
    settings: tuple[Setting[Any], ...], environ: Mapping[str, str], instance_path: str
) -> dict[str, Any]:
    """Each setting's config key and value; every bad value is reported, one line each."""
    values, errors = {}, []
    for setting in settings:
        try:
            values[setting.config_key] = setting.read(environ, instance_path)
        except SettingsError as error:
            errors.append(str(error))
    if errors:
        raise SettingsError("\n".join(errors))
    return values


def load(instance_path: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The app's config from the environment: every app setting, then the fixed keys."""
    app_settings = tuple(s for s in SETTINGS if not s.serve)
    values = _read_all(app_settings, os.environ if environ is None else environ, instance_path)
    return values | FIXED


def check_environment(config: Mapping[str, Any]) -> None:
    """SettingsError naming each variable whose target is missing or does not answer
    (database, Redis, a shared SECRET_KEY): app/settings/environment.py."""
    from app.settings.environment import problems

    found = problems(config)
    if found:
        raise SettingsError("\n".join(found))


def check(environ: Mapping[str, str], instance_path: str = "instance") -> dict[str, Any]:
    """Every setting, the app's and scripts/serve's, read from `environ` (SettingsError if bad)."""
    return _read_all(SETTINGS, environ, instance_path)


def value(env: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting's value, for code that runs without the app (the standalone simulator,
    the benchmark); a default file is in ./instance."""
    instance_path = os.path.join(os.getcwd(), "instance")
    return BY_ENV[env].read(os.environ if environ is None else environ, instance_path)


@contextmanager
def exit_on_bad_value() -> Iterator[None]:
    """Turn a SettingsError into its lines on stderr and an exit, with no traceback."""
    try:
        yield
    except SettingsError as error:
        print(error, file=sys.stderr)
        sys.exit(EXIT_STATUS)
