"""Fuzzing the API from its own OpenAPI document with schemathesis, on a running gunicorn.

Every operation gets generated requests, valid and invalid: no answer may be a 5xx (Drive is
healthy here), and every answer must match the documented status codes and body schemas.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.demo.seed import seed
from devtools.server import gunicorn
from tests import factories

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent
MIN_REQUESTS = 1000


@pytest.fixture
def server(app, app_config, tmp_path):
    seed(app, days=3)  # real warehouses, people, scooters and history to hit
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "fuzz",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
        "DRIVE_READ_TIMEOUT": "2",
        "DRIVE_COMMAND_TIMEOUT": "2",
        "CONTROL_REQUIRE_SHIFT": "off",
    }
    with gunicorn(env, workers=2, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base


def test_no_5xx_and_every_answer_matches_the_openapi_document(server, tmp_path):
    token = factories.make_token("fuzz")
    st = Path(sys.executable).with_name("st")

    run = subprocess.run(
        [
            str(st),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{server}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--max-examples",
            "120",
            "--seed",
            "20261126",
            "--request-timeout",
            "15",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )

    output = run.stdout + run.stderr
    generated = re.search(r"(\d+) generated", output)
    assert run.returncode == 0, output[-6000:]
    assert generated and int(generated.group(1)) >= MIN_REQUESTS, output[-2000:]
