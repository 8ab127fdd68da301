"""Served the production way (gunicorn + gunicorn.conf.py), errors stay JSON end to end."""

from __future__ import annotations

import pytest
import requests

from devtools.server import gunicorn
from tests import factories

pytestmark = pytest.mark.slow


@pytest.fixture
def server(app, app_config, tmp_path):
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "serve",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
    }
    with gunicorn(env, workers=1, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base


def test_a_request_line_too_long_for_gunicorn_is_still_a_json_error(server):
    response = requests.get(f"{server}/api/scooter/repair-history?limit={'9' * 9000}", timeout=10)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid_request"


def test_a_body_over_one_megabyte_is_a_json_413(server):
    token = factories.make_token()

    response = requests.post(
        f"{server}/api/repair/start",
        data=b"{" + b" " * 1_100_000 + b"}",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=10,
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "header",
    [("X-Forwarded-Proto", "https"), ("X-Forwarded-Ssl", "on"), ("X-Forwarded-Protocol", "ssl")],
)
def test_a_client_reaching_gunicorn_directly_cannot_claim_https(server, header):
    """With no TRUSTED_PROXIES, nobody's scheme header is believed, loopback peers included:
    no HSTS for a plain-HTTP site, no Secure cookie the browser would then drop."""
    response = requests.get(f"{server}/login", headers=dict([header]), timeout=10)

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "secure" not in response.headers.get("Set-Cookie", "").lower()
