"""The role matrix: every admin route refuses strangers and repairers; managers get in.

The one exception, the single scooter QR code, serves any logged-in user (the tablet shows it).
"""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import ApiToken, JobType, Place, User
from tests import factories
from tests.support.pages import post_form

PAGES = [
    "/admin/",
    "/admin/places",
    "/admin/places/wh-1",
    "/admin/users",
    "/admin/users/rep-1",
    "/admin/job-types",
    "/admin/job-types/grips",
    "/admin/tokens",
    "/admin/audit",
    "/admin/audit.csv",
    "/admin/outbox",
    "/admin/labels",
]
ACTIONS = [
    ("/admin/places", {"place_id": "wh-9", "name": "Склад", "timezone": "Europe/Moscow"}),
    ("/admin/places/wh-1", {"name": "Другое", "timezone": "Europe/Moscow"}),
    ("/admin/places/wh-1/deactivate", {}),
    ("/admin/places/wh-1/reactivate", {}),
    ("/admin/users", {"performer_id": "rep-7", "name": "Х", "role": "manager", "pin": "1234"}),
    ("/admin/users/rep-1", {"name": "Х", "role": "manager"}),
    ("/admin/users/rep-1/pin", {"pin": "9999"}),
    ("/admin/users/rep-1/unlock", {}),
    ("/admin/users/rep-1/deactivate", {}),
    ("/admin/users/rep-1/reactivate", {}),
    ("/admin/job-types", {"code": "new_type", "name_ru": "Новый", "name_en": "New"}),
    ("/admin/job-types/grips", {"name_ru": "Х", "name_en": "X"}),
    ("/admin/job-types/grips/move", {"direction": "up"}),
    ("/admin/job-types/grips/retire", {}),
    ("/admin/job-types/grips/restore", {}),
    ("/admin/tokens", {"name": "stolen"}),
    ("/admin/tokens/{token_id}/revoke", {}),
    ("/admin/outbox/retry", {}),
]
QR = "/admin/labels/qr/0421.svg"


@pytest.fixture
def records(app):
    """One of each thing the admin pages edit."""
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    factories.make_token("bot")
    return db.session.scalar(db.select(ApiToken.id))


def _snapshot() -> list:
    """Everything an admin action could change, to prove a refused one changed nothing."""
    db.session.expire_all()
    rows = []
    for model in (Place, User, JobType, ApiToken):
        for record in db.session.scalars(db.select(model)):
            rows.append({c.key: getattr(record, c.key) for c in model.__table__.columns})
    return sorted(rows, key=repr)


def test_the_matrix_covers_every_admin_route(app):
    covered = {("GET", p) for p in PAGES} | {("POST", p) for p, _ in ACTIONS} | {("GET", QR)}
    adapter = app.url_map.bind("localhost")
    endpoints = {adapter.match(p.format(token_id=1), method=m)[0] for m, p in covered}
    rules = app.url_map.iter_rules()
    admin_endpoints = {r.endpoint for r in rules if r.endpoint.startswith("admin.")}

    assert admin_endpoints <= endpoints


@pytest.mark.parametrize("path", PAGES + [QR])
def test_anonymous_visitors_are_sent_to_log_in(client, records, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_repairers_are_refused_every_admin_page(client, records, path):
    factories.make_user("rep-2", "Пётр Иванов")
    post_form(client, "/login", {"performer_id": "rep-2", "pin": factories.DEFAULT_PIN})

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path,data", ACTIONS)
def test_repairers_cannot_change_anything(client, records, path, data):
    factories.make_user("rep-2", "Пётр Иванов")
    post_form(client, "/login", {"performer_id": "rep-2", "pin": factories.DEFAULT_PIN})
    before = _snapshot()

    response = post_form(client, path.format(token_id=records), data)

    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("path,data", ACTIONS)
def test_anonymous_visitors_cannot_change_anything(client, records, path, data):
    before = _snapshot()

    response = post_form(client, path.format(token_id=records), data)

    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _snapshot() == before


@pytest.mark.parametrize("path", PAGES)
def test_managers_see_every_admin_page(as_manager, records, path):
    assert as_manager.get(path).status_code == 200


@pytest.mark.parametrize("role", ["repairer", "manager"])
def test_any_logged_in_user_gets_a_scooter_qr_code(client, records, role):
    factories.make_user("someone", "Кто-то", role=role)
    post_form(client, "/login", {"performer_id": "someone", "pin": factories.DEFAULT_PIN})

    response = client.get(QR)

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"


def test_a_user_deactivated_while_logged_in_loses_the_admin_pages_at_once(client, records):
    factories.make_user("boss-2", "Второй менеджер", role="manager")
    post_form(client, "/login", {"performer_id": "boss-2", "pin": factories.DEFAULT_PIN})
    assert client.get("/admin/").status_code == 200

    db.session.get(User, "boss-2").active = False
    db.session.commit()

    assert client.get("/admin/").status_code == 302
