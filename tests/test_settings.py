"""Settings: every variable the README documents is read, has an effect, and a bad value
stops start-up with one line naming it (flask, gunicorn, scripts/serve)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app, settings
from app.auth.throttle import ADDRESS, PAIR, PERFORMER, get_throttle
from app.drive import get_drive
from app.token_cache import verified_tokens
from devtools.server import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVE_ONLY = {"WORKERS", "THREADS", "BIND"}  # read by scripts/serve, not by the app


def readme_rows() -> list[tuple[list[str], str]]:
    """The rows of the README's "Configuration (environment)" table: (variables, default)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration (environment)", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]) if line.startswith("|") else []
        if names:
            rows.append((names, cells[1]))
    return rows


def documented() -> set[str]:
    return {name for names, _ in readme_rows() for name in names}


def samples(tmp: Path) -> dict[str, tuple[str, object]]:
    """A valid value other than the default for every app setting: env -> (text, value)."""
    throttle = f"sqlite:///{tmp}/throttle-sample.sqlite3"
    return {
        "DATABASE_URL": (f"sqlite:///{tmp}/other.sqlite3",) * 2,
        "SECRET_KEY": ("s3cret", "s3cret"),
        "INSTANCE_PATH": (f"{tmp}/instance-sample",) * 2,
        "DRIVE_URL": ("http://drive.example:8080", "http://drive.example:8080"),
        "DRIVE_TOKEN": ("drive-token", "drive-token"),
        "DRIVE_READ_TIMEOUT": ("4.5", 4.5),
        "DRIVE_COMMAND_TIMEOUT": ("12", 12.0),
        "DRIVE_CONNECT_TIMEOUT": ("1.5", 1.5),
        "DRIVE_BREAKER_FAILURES": ("7", 7),
        "DRIVE_BREAKER_RESET_AFTER": ("40", 40.0),
        "DRIVE_MAX_IN_FLIGHT": ("3", 3),
        "DRIVE_SIMULATOR_PATH": (f"{tmp}/sim.sqlite3",) * 2,
        "OUTBOX_INTERVAL_SECONDS": ("30", 30.0),
        "OUTBOX_RETRY_SECONDS": ("2", 2.0),
        "OUTBOX_RETRY_MAX_SECONDS": ("300", 300.0),
        "SHIFT_MAX_HOURS": ("12", 12.0),
        "MILEAGE_BACKFILL_HOURS": ("48", 48.0),
        "MILEAGE_MAX_AGE_SECONDS": ("120", 120.0),
        "JOB_TYPES_MAX_AGE_SECONDS": ("5", 5.0),
        "STATS_MAX_AGE_SECONDS": ("60", 60.0),
        "API_TOKEN_CACHE_SECONDS": ("3", 3.0),
        "IDLE_LOGOUT_MINUTES": ("30", 30.0),
        "LOGIN_THROTTLE_STORAGE": (throttle, throttle),
        "LOGIN_THROTTLE_PREFIX": ("test:throttle:", "test:throttle:"),
        "LOGIN_MAX_FAILURES": ("3", 3),
        "LOGIN_MAX_FAILURES_PER_PERFORMER": ("11", 11),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": ("9", 9),
        "LOGIN_THROTTLE_WINDOW": ("600", 600),
        "SECURITY_LOG": (f"{tmp}/security-sample.log",) * 2,
        "PUBLIC_BASE_URL": ("https://repair.example", "https://repair.example"),
        "TRUSTED_PROXIES": ("10.0.0.0/24, 192.168.1.7", "10.0.0.0/24, 192.168.1.7"),
        "SESSION_COOKIE_SECURE": ("on", True),
        "METRICS_TOKEN": ("scrape-me", "scrape-me"),
        "DEMO": ("on", True),
        "CONTROL_REQUIRE_SHIFT": ("off", False),
        "CONTROL_PENDING_MARGIN_SECONDS": ("90", 90.0),
        "PIN_HASH_METHOD": ("pbkdf2:sha256:1000", "pbkdf2:sha256:1000"),
        "SQLITE_BUSY_TIMEOUT": ("5", 5.0),
    }


CONFIG_KEY = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def quiet_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess: nothing of ours inherited, files in `tmp`."""
    names = documented() | set(samples(tmp))
    env = {k: v for k, v in os.environ.items() if k not in names and k != "FLASK_APP"}
    return env | {
        "DATABASE_URL": f"sqlite:///{tmp}/app.sqlite3",
        "SECRET_KEY": "settings-test",
        "DRIVE_SIMULATOR_PATH": f"{tmp}/drive.sqlite3",
        "LOGIN_THROTTLE_STORAGE": f"sqlite:///{tmp}/throttle.sqlite3",
        "SECURITY_LOG": f"{tmp}/security.log",
        "BIND": f"127.0.0.1:{free_port()}",
        **extra,
    }


def test_the_readme_table_names_exactly_the_settings_read_from_the_environment():
    read = {setting.env for setting in settings.SETTINGS}

    assert sorted(documented() - read) == [], "documented but never read"
    assert sorted(read - documented()) == [], "read but not documented"


def test_the_readme_defaults_agree_with_the_settings():
    by_env = {setting.env: setting for setting in settings.SETTINGS}
    checked = 0
    for names, cell in readme_rows():
        stated = re.findall(r"`([^`]*)`", cell)
        for i, name in enumerate(names):
            setting = by_env[name]
            default = setting.default
            if isinstance(default, bool):
                assert cell.split()[0] == ("on" if default else "off"), name
            elif isinstance(default, settings.InstanceFile):
                assert len(stated) == 1, name
                shown = f"instance/{default.name}"
                assert stated[0] == shown or (
                    stated[0].endswith("/") and shown.startswith(stated[0])
                )
            elif isinstance(default, int | float):
                assert float(stated[i]) == default, name
            elif isinstance(default, str):
                assert stated[i] == default, name
            else:
                continue  # unset: the README says what that means
            checked += 1
    assert checked >= 25


def test_every_documented_app_setting_reaches_the_app_config(monkeypatch, tmp_path):
    given = samples(tmp_path)
    assert sorted(documented() - SERVE_ONLY - set(given)) == [], "a setting without a sample"
    for name, (raw, _) in given.items():
        monkeypatch.setenv(name, raw)

    app = create_app()

    seen = {name: app.config[CONFIG_KEY.get(name, name)] for name in given}
    assert seen == {name: value for name, (_, value) in given.items()}
    assert app.instance_path == given["INSTANCE_PATH"][1]


def test_the_drive_throttle_and_token_settings_reach_what_they_configure(monkeypatch, tmp_path):
    given = samples(tmp_path)
    for name, (raw, _) in given.items():
        monkeypatch.setenv(name, raw)

    app = create_app()

    with app.app_context():
        drive = get_drive()
        assert (drive.base_url, drive.token) == ("http://drive.example:8080", "drive-token")
        timeouts = (drive.read_timeout, drive.command_timeout, drive.connect_timeout)
        assert timeouts == (4.5, 12.0, 1.5)
        assert (drive.breaker.failure_threshold, drive.breaker.reset_after) == (7, 40.0)
        throttle = get_throttle()
        assert throttle.limits == {PAIR: 3, PERFORMER: 11, ADDRESS: 9}
        assert throttle.window == 600
        assert verified_tokens()._max_age == 3.0


def test_the_gunicorn_settings_of_scripts_serve_are_read(tmp_path):
    env = quiet_env(tmp_path, WORKERS="3", THREADS="8", BIND="127.0.0.1:8123")

    result = subprocess.run(
        [sys.executable, "-m", "app.settings", "WORKERS", "THREADS", "BIND"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["WORKERS=3", "THREADS=8", "BIND=127.0.0.1:8123"]


DB_FORM = "expected a database URL such as postgresql+psycopg://user@host/db or sqlite:///path"
PIN_FORM = "expected scrypt[:n:r:p] or pbkdf2[:hash[:iterations]]"
BAD_VALUES = [
    ("DRIVE_READ_TIMEOUT", "abc", "expected a number of seconds above 0"),
    ("DRIVE_CONNECT_TIMEOUT", "0", "expected a number of seconds above 0"),
    ("DRIVE_BREAKER_FAILURES", "0", "expected a whole number, 1 or more"),
    ("DRIVE_BREAKER_RESET_AFTER", "soon", "expected a number of seconds"),
    ("LOGIN_MAX_FAILURES", "1.5", "expected a whole number, 1 or more"),
    (
        "TRUSTED_PROXIES",
        "10.0.0.0/24, proxy",
        "expected IP addresses or networks such as 10.0.0.5, 10.0.0.0/24",
    ),
    ("LOGIN_THROTTLE_WINDOW", "-1", "expected a whole number, 1 or more"),
    ("SHIFT_MAX_HOURS", "nan", "expected a number of hours"),
    ("IDLE_LOGOUT_MINUTES", "-5", "expected a number of minutes"),
    ("CONTROL_REQUIRE_SHIFT", "maybe", "expected on or off (1/0, true/false, yes/no)"),
    ("SESSION_COOKIE_SECURE", "2", "expected on or off (1/0, true/false, yes/no)"),
    ("DATABASE_URL", "nonsense", DB_FORM),
    ("DATABASE_URL", "postgres://u@h/db", DB_FORM),
    ("DRIVE_URL", "drive.example", "expected an http:// or https:// URL"),
    ("PUBLIC_BASE_URL", "ftp://x", "expected an http:// or https:// URL"),
    ("PIN_HASH_METHOD", "md5", PIN_FORM),
    ("PIN_HASH_METHOD", "pbkdf2:nohash", PIN_FORM),
    ("WORKERS", "many", "expected a whole number, 1 or more"),
    ("BIND", "0.0.0.0 8000", "expected an address such as 0.0.0.0:8000 or unix:/path/to.sock"),
]
BAD_FORM = {name: expected for name, _, expected in BAD_VALUES}


@pytest.mark.parametrize(("name", "raw", "expected"), BAD_VALUES)
def test_a_bad_value_is_refused_with_its_name_and_the_form_expected(name, raw, expected):
    with pytest.raises(settings.SettingsError) as refused:
        settings.check({name: raw})

    assert str(refused.value) == f"{name}: {expected}, got {raw!r}"


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(
    ("name", "raw"), [("DRIVE_READ_TIMEOUT", "abc"), ("CONTROL_REQUIRE_SHIFT", "maybe")]
)
def test_a_flask_command_stops_on_a_bad_value_with_one_line_naming_it(tmp_path, name, raw):
    result = run(
        [str(BIN / "flask"), "--app", "wsgi", "routes"], quiet_env(tmp_path, **{name: raw})
    )

    assert result.returncode != 0
    assert result.stderr.splitlines() == [f"{name}: {BAD_FORM[name]}, got {raw!r}"]
    assert result.stdout == ""


@pytest.mark.slow
def test_gunicorn_stops_on_a_bad_value_with_one_line_naming_it(tmp_path):
    env = quiet_env(tmp_path, DRIVE_READ_TIMEOUT="abc")
    bind = env["BIND"]

    result = run([str(BIN / "gunicorn"), "--bind", bind, "--workers", "1", "wsgi:app"], env)

    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "DRIVE_READ_TIMEOUT: expected a number of seconds above 0, got 'abc'"
    ]


@pytest.mark.slow
def test_gunicorn_without_our_config_file_still_stops_instead_of_restarting_workers(tmp_path):
    env = quiet_env(tmp_path, DRIVE_READ_TIMEOUT="abc")
    args = [str(BIN / "gunicorn"), "-c", "/dev/null", "--bind", env["BIND"], "wsgi:app"]

    result = run(args, env)

    assert result.returncode != 0
    assert (
        "DRIVE_READ_TIMEOUT: expected a number of seconds above 0, got 'abc'"
        in result.stderr.splitlines()
    )
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_scripts_serve_stops_on_a_bad_value_with_one_line_naming_it(tmp_path):
    result = run([str(ROOT / "scripts" / "serve")], quiet_env(tmp_path, WORKERS="many"), 300)

    assert result.returncode != 0
    assert (
        result.stderr.splitlines()[-1] == "WORKERS: expected a whole number, 1 or more, got 'many'"
    )
    assert "Traceback" not in result.stderr
    assert "Serving on" not in result.stdout
