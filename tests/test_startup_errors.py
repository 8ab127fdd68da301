"""Environment problems stop start-up with one line naming the variable, never a traceback:
a database that does not answer, Redis down, no shared SECRET_KEY with PostgreSQL."""

from __future__ import annotations

import pytest

from devtools.server import free_port
from tests.test_settings import BIN, quiet_env, run

NOWHERE_PG = "postgresql+psycopg://repair:secret@127.0.0.1:{port}/repair"


def flask_routes(env: dict[str, str]):
    return run([str(BIN / "flask"), "--app", "wsgi", "routes"], env)


def test_an_unreachable_database_is_one_line_naming_database_url(tmp_path):
    url = NOWHERE_PG.format(port=free_port())

    result = flask_routes(quiet_env(tmp_path, DATABASE_URL=url))

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith("DATABASE_URL: cannot connect to postgresql+psycopg://repair:***@127.0")
    assert "secret" not in line  # the password is never printed
    assert result.stdout == ""


def test_a_sqlite_file_in_a_missing_folder_is_one_line_naming_database_url(tmp_path):
    url = f"sqlite:///{tmp_path}/no/such/folder/app.sqlite3"

    result = flask_routes(quiet_env(tmp_path, DATABASE_URL=url))

    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        f"DATABASE_URL: cannot connect to {url}: unable to open database file"
    ]


def test_redis_down_is_one_line_naming_login_throttle_storage(tmp_path):
    port = free_port()
    storage = f"redis://:hunter2@127.0.0.1:{port}/0"

    result = flask_routes(quiet_env(tmp_path, LOGIN_THROTTLE_STORAGE=storage))

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    shown = f"redis://:***@127.0.0.1:{port}/0"
    assert line.startswith(f"LOGIN_THROTTLE_STORAGE: cannot reach Redis at {shown}: ")
    assert "hunter2" not in line


def test_postgresql_without_a_shared_secret_key_refuses_to_start(tmp_path):
    env = quiet_env(tmp_path, DATABASE_URL=NOWHERE_PG.format(port=free_port()))
    del env["SECRET_KEY"]

    result = flask_routes(env)

    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "SECRET_KEY: not set; it is required, the same on every host, "
        "when DATABASE_URL is not SQLite"
    )
    assert [line.split(":")[0] for line in lines] == ["SECRET_KEY", "DATABASE_URL"]
    assert "Traceback" not in result.stderr


def test_sqlite_without_a_secret_key_still_starts_with_the_instance_key(tmp_path):
    env = quiet_env(tmp_path)
    del env["SECRET_KEY"]

    result = flask_routes(env)

    assert result.returncode == 0, result.stderr
    assert "/readyz" in result.stdout


@pytest.mark.slow
def test_gunicorn_stops_on_an_unreachable_database_with_one_line(tmp_path):
    url = NOWHERE_PG.format(port=free_port())
    env = quiet_env(tmp_path, DATABASE_URL=url)

    result = run([str(BIN / "gunicorn"), "--bind", env["BIND"], "--workers", "1", "wsgi:app"], env)

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith("DATABASE_URL: cannot connect to postgresql+psycopg://repair:***@")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://repair:secret@127.0.0.1/repair",  # SQLAlchemy wants postgresql+psycopg://
        "mysql://repair:secret@127.0.0.1/repair",
        "repair:secret@127.0.0.1/repair",
    ],
)
def test_a_malformed_database_url_is_one_line_without_its_password(tmp_path, url):
    result = flask_routes(quiet_env(tmp_path, DATABASE_URL=url))

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith("DATABASE_URL: expected a database URL such as postgresql+psycopg://")
    assert "secret" not in line


def test_a_bad_port_in_database_url_is_one_line_naming_it(tmp_path):
    url = "postgresql+psycopg://repair:secret@127.0.0.1:99999/repair"

    result = flask_routes(quiet_env(tmp_path, DATABASE_URL=url))

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith("DATABASE_URL: cannot connect to postgresql+psycopg://repair:***@")
    assert "invalid port" in line and "secret" not in line


def test_a_malformed_redis_url_is_one_line_naming_login_throttle_storage(tmp_path):
    storage = "redis://:hunter2@127.0.0.1:notaport/0"

    result = flask_routes(quiet_env(tmp_path, LOGIN_THROTTLE_STORAGE=storage))

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith("LOGIN_THROTTLE_STORAGE: cannot reach Redis at redis://:***@127.0.0.1")
    assert "hunter2" not in line


def test_several_problems_are_one_line_each_and_nothing_else(tmp_path):
    env = quiet_env(
        tmp_path,
        DATABASE_URL=NOWHERE_PG.format(port=free_port()),
        LOGIN_THROTTLE_STORAGE=f"redis://127.0.0.1:{free_port()}/0",
    )
    del env["SECRET_KEY"]

    result = flask_routes(env)

    assert result.returncode != 0
    names = [line.split(":")[0] for line in result.stderr.splitlines()]
    assert names == ["SECRET_KEY", "DATABASE_URL", "LOGIN_THROTTLE_STORAGE"]
