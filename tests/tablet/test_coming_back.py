"""Logging in brings a repairer back: to the QR label's card, to the page open when the tablet
logged out after idling, or to his repair in progress; the login page says why, in his
language."""

from __future__ import annotations

import html

import pytest

from app.extensions import db
from app.models import Place
from tests.factories import DEFAULT_PIN
from tests.support.pages import csrf_token, log_in, post_form
from tests.tablet.conftest import HX, post, start_repair, text


def idle(client, app) -> None:
    """Let the tablet's session go idle past IDLE_LOGOUT_MINUTES."""
    app.config["IDLE_LOGOUT_MINUTES"] = 5
    with client.session_transaction() as session:
        session["seen_at"] -= 6 * 60


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("ru", "Войдите по табельному номеру и PIN-коду, чтобы открыть эту страницу.", "Please"),
        ("en", "Log in with your performer ID and PIN to open this page.", "Войдите"),
    ],
)
def test_a_qr_label_opened_logged_out_says_why_in_the_users_language(
    client, workshop, language, said, not_said
):
    post_form(client, f"/language/{language}", {"next": "/login"})

    login_page = client.get("/s/0421", follow_redirects=True)

    page = html.unescape(text(login_page))
    assert said in page and not_said not in page and "Please log in" not in page


def test_an_idle_log_out_comes_back_to_the_repair(app, tablet, simulator):
    start_repair(tablet, simulator)
    idle(tablet, app)

    response = tablet.get("/t/repairs/r-1")

    assert response.headers["Location"] == "/login?idle=1&next=/t/repairs/r-1"
    said = text(tablet.get(response.headers["Location"]))
    assert "Войдите снова, чтобы вернуться туда, где вы были." in said
    back = post_form(
        tablet,
        response.headers["Location"],
        {"performer_id": "rep-1", "pin": DEFAULT_PIN},
        page=response.headers["Location"],
    )
    assert back.headers["Location"] == "/t/repairs/r-1"
    assert "Ремонт самоката 0421" in text(tablet.get("/t/repairs/r-1"))


def test_an_idle_widget_refresh_sends_the_whole_page_to_log_in_and_back(app, tablet, simulator):
    start_repair(tablet, simulator)
    idle(tablet, app)
    headers = {**HX, "HX-Target": "jobs", "HX-Current-URL": "http://tablet.local/t/repairs/r-1"}

    response = tablet.get("/t/repairs/r-1", headers=headers)

    assert response.headers["HX-Redirect"] == "/login?idle=1&next=/t/repairs/r-1"


def test_an_idle_form_post_is_not_repeated_after_logging_in(app, tablet, simulator):
    start_repair(tablet, simulator)
    token = csrf_token(tablet)
    idle(tablet, app)

    response = tablet.post(
        "/t/repairs/r-1/finish", data={"csrf_token": token, "status": "cancelled"}
    )

    assert response.headers["Location"] == "/login?idle=1"


def test_logging_in_without_a_page_to_return_to_opens_the_repair_in_progress(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/logout")

    response = log_in(tablet, "rep-1", DEFAULT_PIN)

    assert response.headers["Location"] == "/t/repairs/r-1"


def test_logging_in_without_a_repair_opens_the_find_page(client, workshop):
    assert log_in(client, "rep-1", DEFAULT_PIN).headers["Location"] == "/t/"


@pytest.mark.parametrize("target", ["https://evil.example/t/", "//evil.example/t/", "/\\evil"])
def test_a_next_off_this_site_is_ignored(client, workshop, target):
    page = f"/login?next={target}"

    response = post_form(client, page, {"performer_id": "rep-1", "pin": DEFAULT_PIN}, page=page)

    assert response.headers["Location"] == "/t/"


def test_the_place_choice_still_comes_back_after_the_warehouse_closed(client, workshop):
    """The warehouse of the shift was closed while logged out: choose another, then go on."""
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    db.session.get(Place, "wh-1").active = False
    db.session.commit()

    response = client.get("/t/scooter/0421")

    assert response.headers["Location"] == "/t/place?next=/t/scooter/0421"
