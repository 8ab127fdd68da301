"""Tokens, and errors that are always JSON under /api (401, 404, 405, 500)."""

from __future__ import annotations

import pytest

from app.clock import utcnow
from app.extensions import db
from app.models import ApiToken
from tests import factories


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer wrong-token",
        "Basic dXNlcjpwYXNz",
        "bearer  ",
    ],
)
def test_missing_or_wrong_token_is_401(client, header):
    headers = {"Authorization": header} if header else {}

    response = client.get("/api/job-types", headers=headers)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_token_check_comes_before_the_form(client):
    response = client.post("/api/repair/start", data=b"{not json")

    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(client):
    raw = factories.make_token("old-bot")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/job-types", headers=headers).status_code == 200

    token = db.session.scalar(db.select(ApiToken).where(ApiToken.name == "old-bot"))
    token.revoked_at = utcnow()
    db.session.commit()

    assert client.get("/api/job-types", headers=headers).status_code == 401


def test_the_scheme_is_case_insensitive(client):
    raw = factories.make_token()

    response = client.get("/api/job-types", headers={"Authorization": f"bearer {raw}"})

    assert response.status_code == 200


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/no/such/thing")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405_with_allow(api):
    response = api.get("/api/repair/start")

    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_a_bug_is_a_json_500_without_traceback(app_config, seeded_rows):
    from app import create_app

    app = create_app(app_config | {"PROPAGATE_EXCEPTIONS": False})

    @app.get("/api/_boom")
    def boom():
        raise RuntimeError("secret internals")

    with app.app_context():
        raw = factories.make_token()
        response = app.test_client().get("/api/_boom", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert b"secret internals" not in response.data
    assert b"Traceback" not in response.data


def test_job_types_lists_the_ten_defaults_active(api):
    response = api.get("/api/job-types")

    types = response.get_json()["job_types"]
    assert [t["code"] for t in types] == [
        "wrapping",
        "brake_adjustment",
        "fenders",
        "stem_play",
        "reflectors",
        "brake_cable",
        "dashboard_controller",
        "kickstand",
        "parking_lock",
        "grips",
    ]
    assert all(t["active"] for t in types)
    assert types[0]["name"] == "Оклейка"
    assert types[0]["name_en"] == "Wrapping (stickers)"
