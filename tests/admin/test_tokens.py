"""API tokens through the admin pages: created and shown once, listed, revoked at once."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import ApiToken
from tests import factories
from tests.admin.conftest import page_text
from tests.support.pages import post_form

RAW = re.compile(r'id="new-token"[^>]*value="(sor_[^"]+)"')


def _create(client, name: str = "chat-bot") -> str:
    response = post_form(client, "/admin/tokens", {"name": name})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    return RAW.search(page_text(response)).group(1)


def test_a_new_token_is_shown_once_and_works(as_manager, client):
    raw = _create(as_manager)

    assert (
        client.get("/api/job-types", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    )
    listing = page_text(as_manager.get("/admin/tokens"))
    assert raw not in listing
    token = db.session.scalar(db.select(ApiToken))
    assert token.name == "chat-bot" and raw.startswith(token.prefix)
    assert f"{token.prefix}…" in listing


def test_a_revoked_token_stops_working_at_once(as_manager, client):
    raw = _create(as_manager)
    token_id = db.session.scalar(db.select(ApiToken.id))
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/job-types", headers=headers).status_code == 200

    response = post_form(as_manager, f"/admin/tokens/{token_id}/revoke")

    assert response.status_code == 303
    assert client.get("/api/job-types", headers=headers).status_code == 401
    assert db.session.get(ApiToken, token_id).revoked_at is not None


def test_revoking_through_htmx_answers_the_updated_row(as_manager, client):
    raw = factories.make_token("pro-app")
    token_id = db.session.scalar(db.select(ApiToken.id))

    response = post_form(
        as_manager, f"/admin/tokens/{token_id}/revoke", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    row = page_text(response)
    assert row.lstrip().startswith(f'<tr id="token-{token_id}"') and "Отозван" in row
    assert "HX-Request" in response.headers["Vary"]
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/job-types", headers=headers).status_code == 401


def test_revoking_twice_keeps_the_first_revocation_time(as_manager):
    factories.make_token("pro-app")
    token_id = db.session.scalar(db.select(ApiToken.id))
    post_form(as_manager, f"/admin/tokens/{token_id}/revoke")
    first = db.session.get(ApiToken, token_id).revoked_at

    assert post_form(as_manager, f"/admin/tokens/{token_id}/revoke").status_code == 303

    assert db.session.get(ApiToken, token_id).revoked_at == first


def test_the_list_shows_active_and_revoked_tokens(as_manager):
    factories.make_token("alive")
    factories.make_token("gone")
    gone = db.session.scalar(db.select(ApiToken).where(ApiToken.name == "gone"))
    post_form(as_manager, f"/admin/tokens/{gone.id}/revoke")

    listing = page_text(as_manager.get("/admin/tokens"))

    assert "alive" in listing and "gone" in listing
    assert listing.count('hx-post="/admin/tokens/') == 1  # only the active one can be revoked


def test_an_empty_name_is_refused_inline(as_manager):
    response = post_form(as_manager, "/admin/tokens", {"name": "  "})

    assert response.status_code == 422
    assert 'id="name-error">Введите название.' in page_text(response)
    assert db.session.scalar(db.select(ApiToken)) is None


def test_creating_without_a_csrf_token_is_refused(as_manager):
    response = as_manager.post("/admin/tokens", data={"name": "sneaky"})

    assert response.status_code == 400
    assert db.session.scalar(db.select(ApiToken)) is None


def test_revoking_without_a_csrf_token_is_refused(as_manager, client):
    raw = factories.make_token("bot")
    token_id = db.session.scalar(db.select(ApiToken.id))

    assert as_manager.post(f"/admin/tokens/{token_id}/revoke").status_code == 400
    assert (
        client.get("/api/job-types", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    )


def test_an_unknown_token_is_404(as_manager):
    assert post_form(as_manager, "/admin/tokens/999/revoke").status_code == 404


def test_sending_the_same_form_again_makes_no_second_token(as_manager):
    form = page_text(as_manager.get("/admin/tokens"))
    key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', form).group(1)

    first = post_form(as_manager, "/admin/tokens", {"name": "chat-bot", "form_key": key})
    again = post_form(as_manager, "/admin/tokens", {"name": "chat-bot", "form_key": key})

    assert first.status_code == 201
    assert again.status_code == 409
    assert "новый токен не создан" in page_text(again)
    assert not RAW.search(page_text(again))
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 1
