"""Environment problems found at start-up, each one line naming its variable.

`settings.load()` checks the form of every value; this checks what the values point at: the
database answers (DATABASE_URL), Redis answers (LOGIN_THROTTLE_STORAGE), and a shared
SECRET_KEY is set whenever the database is not SQLite (several hosts must sign alike; a key
file per host would make them reject each other's sessions and CSRF tokens).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

CONNECT_TIMEOUT_SECONDS = 5
_PASSWORD = re.compile(r"(^|//)([^:/@]*):[^@/]*@")


def first_line(error: BaseException) -> str:
    """The cause of `error` as one short line (drivers' messages span several)."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def without_password(url: str) -> str:
    """`url` with the password of its `user:password@`, if any, shown as ***."""
    return _PASSWORD.sub(r"\1\2:***@", url, count=1)


def secret_problem(config: Mapping[str, Any]) -> str | None:
    """SECRET_KEY is required with a shared (non-SQLite) database."""
    from sqlalchemy.engine import make_url

    is_sqlite = make_url(config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "sqlite"
    if is_sqlite or config.get("SECRET_KEY"):
        return None
    return (
        "SECRET_KEY: not set; it is required, the same on every host, "
        "when DATABASE_URL is not SQLite"
    )


def database_problem(config: Mapping[str, Any]) -> str | None:
    """DATABASE_URL names a database that answers."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    connect_args = {} if url.get_backend_name() == "sqlite" else {"connect_timeout": 5}
    engine = sa.create_engine(url, connect_args=connect_args, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as error:  # any driver's error: the operator needs its first line
        where = url.render_as_string(hide_password=True)
        return f"DATABASE_URL: cannot connect to {where}: {first_line(error)}"
    finally:
        engine.dispose()
    return None


def redis_problem(config: Mapping[str, Any]) -> str | None:
    """A redis:// LOGIN_THROTTLE_STORAGE answers."""
    storage = config["LOGIN_THROTTLE_STORAGE"]
    if not storage.startswith("redis"):
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            storage,
            socket_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        client.ping()
        client.close()
    except Exception as error:  # bad URL, refused, timed out, wrong password: all one line
        where = without_password(storage)
        return f"LOGIN_THROTTLE_STORAGE: cannot reach Redis at {where}: {first_line(error)}"
    return None


def problems(config: Mapping[str, Any]) -> list[str]:
    """Every environment problem of `config` (the app's config keys), one line each."""
    secret = secret_problem(config)
    found = [secret] if secret else []
    for check in (database_problem, redis_problem):
        problem = check(config)
        if problem:
            found.append(problem)
    return found
