"""Tokens, and errors that are always JSON under /api (401, 404, 405, 500)."""

from __future__ import annotations

import time

import pytest

from app import create_app
from app.admin import services as admin_services
from app.clock import utcnow
from app.extensions import db
from app.models import ApiToken
from tests import factories
from tests.conftest import RequestScopedClient


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


def _token_id(name: str) -> int:
    return db.session.scalar(db.select(ApiToken.id).where(ApiToken.name == name))


def test_a_revoked_token_stops_working_at_once(client):
    raw = factories.make_token("old-bot")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/job-types", headers=headers).status_code == 200

    admin_services.revoke_token(_token_id("old-bot"))

    assert client.get("/api/job-types", headers=headers).status_code == 401


def test_every_worker_of_the_host_refuses_a_revoked_token_at_once(app, app_config, client):
    """Two apps stand for two gunicorn workers: each remembers the token it verified."""
    other_worker = create_app(app_config)
    other_worker.test_client_class = type(client)
    other_client = other_worker.test_client()
    raw = factories.make_token("bot-on-two-workers")
    headers = {"Authorization": f"Bearer {raw}"}
    for worker in (client, other_client):
        assert worker.get("/api/job-types", headers=headers).status_code == 200

    admin_services.revoke_token(_token_id("bot-on-two-workers"))  # in this worker

    assert other_client.get("/api/job-types", headers=headers).status_code == 401
    assert client.get("/api/job-types", headers=headers).status_code == 401
    with other_worker.app_context():
        db.engine.dispose()


def test_a_token_revoked_in_the_database_alone_is_refused_within_the_cache_time(
    app_config, seeded_rows
):
    """Another host's revocation reaches this one through the database only."""
    app = create_app(app_config | {"API_TOKEN_CACHE_SECONDS": 0.3})
    app.test_client_class = RequestScopedClient
    with app.app_context():
        client = app.test_client()
        raw = factories.make_token("bot-elsewhere")
        headers = {"Authorization": f"Bearer {raw}"}
        assert client.get("/api/job-types", headers=headers).status_code == 200
        token = db.session.get(ApiToken, _token_id("bot-elsewhere"))
        token.revoked_at = utcnow()
        db.session.commit()

        assert client.get("/api/job-types", headers=headers).status_code == 200  # remembered
        time.sleep(0.35)
        assert client.get("/api/job-types", headers=headers).status_code == 401
        db.session.remove()
        db.engine.dispose()


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
