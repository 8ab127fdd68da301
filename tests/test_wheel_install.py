"""The wheel, installed into a new virtual environment outside the checkout, serves the app on
PostgreSQL with no demo data: templates, static files, compiled catalogs and migrations all come
from the installed package (README, "Run it in production")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from devtools.server import ROOT, _stop, _wait_until_up, free_port
from tests.support.database import on_postgres, scratch_postgres_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL: set TEST_DATABASE_URL"),
]

BIN = Path(sys.executable).parent


def run(args: list, cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtual environment, outside the checkout, with the wheel and its dependencies."""
    place = tmp_path_factory.mktemp("install")
    wheels = place / "wheels"
    run([BIN / "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, ROOT], cwd=place)
    [wheel] = wheels.glob("scooters_ops_repair-*.whl")
    run([sys.executable, "-m", "venv", place / "venv"], cwd=place)
    pip = [place / "venv" / "bin" / "pip", "install", "--quiet", "-c", ROOT / "constraints.txt"]
    run([*pip, wheel], cwd=place)
    return place


def test_the_installed_wheel_serves_on_postgresql_with_no_demo_data(installed):
    venv = installed / "venv" / "bin"
    where = run([venv / "python", "-c", "import app; print(app.__file__)"], cwd=installed)
    assert Path(where.strip()).is_relative_to(installed / "venv")  # not the checkout's code

    with scratch_postgres_database() as url:
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(installed),
            "DATABASE_URL": url,
            "SECRET_KEY": "wheel-test-secret",
            "INSTANCE_PATH": str(installed / "instance"),
        }
        run([venv / "flask", "--app", "app.wsgi", "db", "upgrade"], cwd=installed, env=env)
        port = free_port()
        args = [venv / "gunicorn", "-c", "python:app.gunicorn_conf", "--workers", "2"]
        args += ["--bind", f"127.0.0.1:{port}", "app.wsgi:app"]
        log = installed / "gunicorn.log"
        with open(log, "wb") as out:
            server = subprocess.Popen(
                [str(a) for a in args],
                cwd=installed,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server, log)
            page = requests.get(f"{base}/login", timeout=10)
            [css] = re.findall(r'href="(/static/[^"]+\.css\?v=[0-9a-f]+)"', page.text)[:1]
            stylesheet = requests.get(base + css, timeout=10)
            ready = requests.get(f"{base}/readyz", timeout=10)
            session = requests.Session()
            login = session.get(f"{base}/login", timeout=10)
            token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', login.text).group(1)
            demo = session.post(
                f"{base}/login",
                data={"csrf_token": token, "performer_id": "manager", "pin": "9999"},
                allow_redirects=False,
                timeout=10,
            )
        finally:
            _stop(server)
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            users = connection.scalar(sa.text("SELECT count(*) FROM users"))
            job_types = connection.scalar(sa.text("SELECT count(*) FROM job_types"))
        engine.dispose()

    assert page.status_code == 200
    assert "Табельный номер" in page.text  # the compiled Russian catalog, from the wheel
    assert stylesheet.status_code == 200 and "text/css" in stylesheet.headers["Content-Type"]
    assert len(stylesheet.content) > 1000
    assert ready.status_code == 200, ready.text  # migrated by the installed migrations
    assert demo.status_code != 302  # no demo manager to log in as
    assert (users, job_types) == (0, 10)  # no demo data: only the ten default job types
    site = next((installed / "venv" / "lib").glob("python3*/site-packages/app"))
    assert not (site / "build").exists()  # nothing compiled into the package at start
