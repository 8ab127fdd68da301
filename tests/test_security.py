"""Headers, cookies, PIN throttling and the security log."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import factories
from tests.support.pages import log_in

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repairer(app):
    return factories.make_user("rep-1", "Иван Петров", pin="2468")


def security_events(app) -> list[dict]:
    path = Path(app.config["SECURITY_LOG"])
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("path", ["/login", "/api/openapi.json", "/api/no-such"])
def test_every_response_carries_the_protective_headers(client, path):
    headers = client.get(path).headers

    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_template_carries_inline_script_style_or_event_handlers():
    offenders = []
    for template in ROOT.glob("templates/**/*.html"):
        text = template.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",
            r"\sstyle=\"",
            r"\shx-on[:-]",
            r"\son[a-z]+=\"",
            r"javascript:",
        ):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_session_cookie_is_httponly_lax_and_expires(client, repairer):
    response = log_in(client, "rep-1", "2468")

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in cookie
    assert "Secure" not in cookie  # plain http in this test


def test_session_cookie_is_secure_over_https(app, repairer):
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)

    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"csrf_token": token, "performer_id": "rep-1", "pin": "2468"},
        headers={"Referer": "https://localhost/login"},
    )

    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_five_wrong_pins_lock_the_performer_even_for_the_right_pin(app, client, repairer):
    for _ in range(5):
        assert log_in(client, "rep-1", "0000").status_code == 422

    refused = log_in(client, "rep-1", "2468")

    assert refused.status_code == 429
    assert "Слишком много неверных PIN-кодов" in refused.get_data(as_text=True)
    events = [e["event"] for e in security_events(app)]
    assert events == ["login_failed"] * 4 + ["login_locked", "login_refused"]


def test_a_lock_does_not_stop_another_performer(app, client, repairer):
    factories.make_user("rep-2", pin="1357")
    for _ in range(5):
        log_in(client, "rep-1", "0000")

    assert log_in(client, "rep-2", "1357").status_code == 302
    assert security_events(app)[-1]["event"] == "login_ok"


def test_many_failures_from_one_address_lock_that_address(app, client, repairer):
    app.extensions["login_throttle"].limits["address"] = 6
    for n in range(6):
        log_in(client, f"guess-{n}", "0000")

    assert log_in(client, "rep-1", "2468").status_code == 429
