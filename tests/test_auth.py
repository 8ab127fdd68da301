"""Logging in with a PIN, logging out, idle log-out, roles on the landing page."""

from __future__ import annotations

import pytest

from tests import factories
from tests.support.pages import log_in, post_form


@pytest.fixture
def repairer(app):
    return factories.make_user("rep-1", "Иван Петров", pin="2468")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def test_a_right_pin_logs_in(client, repairer):
    response = log_in(client, "rep-1", "2468")

    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert "Иван Петров" in page.get_data(as_text=True)


@pytest.mark.parametrize("performer_id,pin", [("rep-1", "1111"), ("nobody", "2468"), ("rep-1", "")])
def test_a_wrong_pin_or_id_says_so_on_the_page(client, repairer, performer_id, pin):
    response = log_in(client, performer_id, pin)

    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Неверный табельный номер или PIN-код." in text or "PIN-код" in text
    assert client.get("/").headers["Location"].endswith("/login")


def test_a_deactivated_user_cannot_log_in(client):
    factories.make_user("gone", pin="2468", active=False)

    assert log_in(client, "gone", "2468").status_code == 422


def test_login_without_a_csrf_token_is_refused(client, repairer):
    response = client.post("/login", data={"performer_id": "rep-1", "pin": "2468"})

    assert response.status_code in (400, 422)
    assert client.get("/").headers["Location"].endswith("/login")


def test_log_out_ends_the_session(client, repairer):
    log_in(client, "rep-1", "2468")

    response = post_form(client, "/logout", page="/home")

    assert response.status_code == 302
    assert client.get("/home").status_code == 302


def test_an_idle_session_is_logged_out(app, client, repairer):
    app.config["IDLE_LOGOUT_MINUTES"] = 5
    log_in(client, "rep-1", "2468")
    with client.session_transaction() as session:
        session["seen_at"] -= 6 * 60

    response = client.get("/home")

    assert response.status_code == 302
    assert "idle=1" in response.headers["Location"]
    assert "бездействия" in client.get(response.headers["Location"]).get_data(as_text=True)
