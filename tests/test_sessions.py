"""Ending sessions: log-out, a PIN reset, deactivation and a role change end every session of
that user at once, including copies of the cookie and sessions on other devices, workers and
hosts (the check is made against the database on every request)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests

from app import create_app
from devtools.server import gunicorn
from tests import factories
from tests.conftest import RequestScopedClient
from tests.support.pages import log_in, post_form

PIN = factories.DEFAULT_PIN


@pytest.fixture
def repairer(client):
    return factories.make_user("rep-1", "Иван Петров")


@pytest.fixture
def manager(client):
    return factories.make_user("boss", "Анна Смирнова", role="manager")


def logged_in_tablet(app, performer_id: str = "rep-1"):
    """A new browser logged in as `performer_id` (the `client` fixture makes every test client
    run each request in its own app context, as production does)."""
    tablet = app.test_client()
    assert log_in(tablet, performer_id, PIN).status_code == 302
    return tablet


def stolen_copy(app, client):
    """Another browser carrying a copy of `client`'s session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def is_logged_in(client) -> bool:
    """Does the tablet page open (rather than sending the browser to the login page)?"""
    response = client.get("/t/")
    location = response.headers.get("Location", "")
    return response.status_code < 400 and "/login" not in location


def test_a_login_lasts_twelve_hours_at_most(app, client, repairer):
    assert log_in(client, "rep-1", PIN).status_code == 302
    cookie = client.get_cookie("session")

    lifetime = cookie.expires - datetime.now(UTC)
    assert timedelta(hours=11, minutes=59) < lifetime <= timedelta(hours=12)


def test_log_out_ends_every_session_of_the_user(app, repairer):
    tablet = logged_in_tablet(app)
    copy, other_tablet = stolen_copy(app, tablet), logged_in_tablet(app)
    assert is_logged_in(copy) and is_logged_in(other_tablet)

    assert post_form(tablet, "/logout", page="/home").status_code == 302

    assert not is_logged_in(tablet)
    assert not is_logged_in(copy)
    assert not is_logged_in(other_tablet)
    assert is_logged_in(logged_in_tablet(app))  # logging in again works


def test_a_pin_reset_by_a_manager_ends_the_users_sessions(app, repairer, manager):
    tablet = logged_in_tablet(app)
    copy = stolen_copy(app, tablet)
    office = logged_in_tablet(app, "boss")

    reset = post_form(
        office, "/admin/users/rep-1/pin", {"pin": "975318"}, page="/admin/users/rep-1"
    )

    assert reset.status_code == 303
    assert not is_logged_in(tablet) and not is_logged_in(copy)
    assert is_logged_in(office)  # the manager's own session goes on


def test_a_manager_resetting_his_own_pin_keeps_this_session_and_ends_the_others(app, manager):
    office, laptop = logged_in_tablet(app, "boss"), logged_in_tablet(app, "boss")

    reset = post_form(
        office, "/admin/users/boss/pin", {"pin": "97531864"}, page="/admin/users/boss"
    )

    assert reset.status_code == 303
    assert is_logged_in(office)
    assert not is_logged_in(laptop)


def test_deactivation_ends_sessions_for_good_even_after_reactivation(app, repairer, manager):
    tablet = logged_in_tablet(app)
    office = logged_in_tablet(app, "boss")

    post_form(office, "/admin/users/rep-1/deactivate", page="/admin/users/rep-1")
    assert not is_logged_in(tablet)
    post_form(office, "/admin/users/rep-1/reactivate", page="/admin/users/rep-1")

    assert not is_logged_in(tablet)
    assert is_logged_in(logged_in_tablet(app))


def test_a_role_change_ends_the_users_sessions(app, repairer, manager):
    tablet = logged_in_tablet(app)
    office = logged_in_tablet(app, "boss")

    changed = post_form(
        office,
        "/admin/users/rep-1",
        {"name": "Иван Петров", "role": "manager", "manager_pin": "86420975"},
        page="/admin/users/rep-1",
    )

    assert changed.status_code == 303
    assert tablet.get("/admin/").status_code == 302  # sent to log in, not a manager's page
    assert not is_logged_in(tablet)


def test_renaming_a_user_keeps_his_sessions(app, repairer, manager):
    tablet = logged_in_tablet(app)
    office = logged_in_tablet(app, "boss")

    post_form(
        office,
        "/admin/users/rep-1",
        {"name": "Иван Петрович", "role": "repairer"},
        page="/admin/users/rep-1",
    )

    assert is_logged_in(tablet)


def test_another_host_sees_the_log_out_at_once(app_config, app, repairer):
    """Two app instances over one database (two hosts sharing it): the second one refuses the
    cookie the first one's log-out ended."""
    tablet = logged_in_tablet(app)
    other_host = create_app(app_config)
    other_host.test_client_class = RequestScopedClient
    copy = other_host.test_client()
    copy.set_cookie("session", tablet.get_cookie("session").value)
    assert is_logged_in(copy)

    post_form(tablet, "/logout", page="/home")

    assert not is_logged_in(copy)


@pytest.mark.slow
def test_every_gunicorn_worker_refuses_the_ended_session(app, app_config, repairer, tmp_path):
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "sessions-secret",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
        "LOGIN_THROTTLE_STORAGE": app_config["LOGIN_THROTTLE_STORAGE"],
        "SECURITY_LOG": app_config["SECURITY_LOG"],
        "PIN_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    with gunicorn(env, workers=3, log_path=tmp_path / "gunicorn.log") as served:
        base = served.base
        tablet = requests.Session()
        page = tablet.get(f"{base}/login", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
        login = {"csrf_token": token, "performer_id": "rep-1", "pin": PIN}
        assert tablet.post(f"{base}/login", data=login, allow_redirects=False).status_code == 302
        copies = []
        for _ in range(12):  # enough sessions that every worker serves some
            copy = requests.Session()
            copy.cookies.set("session", tablet.cookies["session"])
            answer = copy.get(f"{base}/t/", allow_redirects=False, timeout=10)
            assert "/login" not in answer.headers.get("Location", "")
            copies.append(copy)

        page = tablet.get(f"{base}/home", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
        tablet.post(f"{base}/logout", data={"csrf_token": token}, timeout=10)

        for copy in copies:
            answer = copy.get(f"{base}/t/", allow_redirects=False, timeout=10)
            assert answer.status_code == 302 and "/login" in answer.headers["Location"]
