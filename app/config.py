"""Configuration read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os

FALSE_WORDS = {"0", "false", "no", "off"}


def env_flag(name: str, default: bool) -> bool:
    """Read a boolean switch: unset means `default`; 0/false/no/off turn it off."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in FALSE_WORDS


def env_float(name: str, default: float) -> float:
    """Read a number of seconds, falling back to `default` when unset."""
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def from_environment(instance_path: str) -> dict:
    """Build the app's settings from environment variables."""
    default_db = "sqlite:///" + os.path.join(instance_path, "scooters-ops-repair.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or default_db,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "DRIVE_URL": os.environ.get("DRIVE_URL") or None,
        "DRIVE_TOKEN": os.environ.get("DRIVE_TOKEN") or None,
        "DRIVE_READ_TIMEOUT": env_float("DRIVE_READ_TIMEOUT", 3.0),
        "DRIVE_COMMAND_TIMEOUT": env_float("DRIVE_COMMAND_TIMEOUT", 10.0),
        # Calls to Drive one worker process may have in flight; more fail fast as unavailable,
        # so a stalling Drive cannot take every thread (gunicorn: 4 threads per worker).
        "DRIVE_MAX_IN_FLIGHT": int(os.environ.get("DRIVE_MAX_IN_FLIGHT") or 2),
        "DRIVE_SIMULATOR_PATH": os.environ.get("DRIVE_SIMULATOR_PATH")
        or os.path.join(instance_path, "drive-simulator.sqlite3"),
        "CONTROL_REQUIRE_SHIFT": env_flag("CONTROL_REQUIRE_SHIFT", True),
        # A command's audit entry pending longer than DRIVE_COMMAND_TIMEOUT plus this was
        # abandoned by a killed worker: it is settled `unknown` (app/control/abandoned.py).
        "CONTROL_PENDING_MARGIN_SECONDS": env_float("CONTROL_PENDING_MARGIN_SECONDS", 60.0),
        "PIN_HASH_METHOD": os.environ.get("PIN_HASH_METHOD") or "scrypt",
        "SHIFT_MAX_HOURS": env_float("SHIFT_MAX_HOURS", 16.0),
        "MILEAGE_BACKFILL_HOURS": env_float("MILEAGE_BACKFILL_HOURS", 24.0),
        # The history API's km since a repair uses a Drive reading at most this old (its time
        # is in the answer); older, Drive is asked, and if it cannot say the km are null.
        # 0: Drive is asked on every request.
        "MILEAGE_MAX_AGE_SECONDS": env_float("MILEAGE_MAX_AGE_SECONDS", 600.0),
        "JOB_TYPES_MAX_AGE_SECONDS": env_float("JOB_TYPES_MAX_AGE_SECONDS", 30.0),
        # A worker trusts an API token it verified for this long (revoking one is seen at once
        # on the same host, see app/token_cache.py). 0: every call reads the token.
        "API_TOKEN_CACHE_SECONDS": env_float("API_TOKEN_CACHE_SECONDS", 10.0),
        "IDLE_LOGOUT_MINUTES": env_float("IDLE_LOGOUT_MINUTES", 15.0),
        # Addresses or networks of the reverse proxies whose X-Forwarded-* are believed (see
        # app/proxies.py); a bare number, the old form, means that many proxies on this host.
        "TRUSTED_PROXIES": os.environ.get("TRUSTED_PROXIES") or "",
        "SESSION_COOKIE_SECURE": env_flag("SESSION_COOKIE_SECURE", False),
        "LOGIN_THROTTLE_STORAGE": os.environ.get("LOGIN_THROTTLE_STORAGE") or None,
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES") or 5),
        "LOGIN_MAX_FAILURES_PER_PERFORMER": int(
            os.environ.get("LOGIN_MAX_FAILURES_PER_PERFORMER") or 20
        ),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS") or 20
        ),
        "LOGIN_THROTTLE_PREFIX": os.environ.get("LOGIN_THROTTLE_PREFIX") or "sor:throttle:",
        "LOGIN_THROTTLE_WINDOW": int(os.environ.get("LOGIN_THROTTLE_WINDOW") or 900),
        "SECURITY_LOG": os.environ.get("SECURITY_LOG") or None,
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,  # no legitimate request is near this
        "SQLITE_BUSY_TIMEOUT": env_float("SQLITE_BUSY_TIMEOUT", 30.0),
        # A statistics report younger than this is shown as it is; an older one is shown and
        # recomputed in the background. 0: every view computes its report (no snapshots).
        "STATS_MAX_AGE_SECONDS": env_float("STATS_MAX_AGE_SECONDS", 300.0),
    }
