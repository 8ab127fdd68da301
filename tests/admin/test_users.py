"""Users through the admin forms: add, role, PIN, deactivate; bad input inline; no lock-out."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import User
from tests import factories
from tests.admin.conftest import page_text
from tests.support.pages import log_in, post_form

NEW = {"performer_id": "rep-5", "name": "Мария Кузнецова", "role": "repairer", "pin": "135790"}


def _log_in_fresh(app, performer_id: str, pin: str):
    """Log in from another browser (a new test client)."""
    return log_in(app.test_client(), performer_id, pin)


def test_a_manager_adds_a_repairer_who_can_then_log_in(app, as_manager):
    response = post_form(as_manager, "/admin/users", NEW)

    assert response.status_code == 303
    user = db.session.get(User, "rep-5")
    assert (user.name, user.role, user.active) == ("Мария Кузнецова", "repairer", True)
    assert "135790" not in user.pin_hash
    assert "Мария Кузнецова" in page_text(as_manager.get("/admin/users"))
    assert _log_in_fresh(app, "rep-5", "135790").status_code == 302


def test_a_taken_performer_id_is_refused_on_the_form(as_manager):
    factories.make_user("rep-5", "Другой Человек")

    response = post_form(as_manager, "/admin/users", NEW)

    assert response.status_code == 409
    assert "Пользователь с табельным номером rep-5 уже есть." in page_text(response)
    assert db.session.get(User, "rep-5").name == "Другой Человек"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("pin", "12a4", "PIN-код — от 4 до 8 цифр."),
        ("pin", "123", "PIN-код — от 4 до 8 цифр."),
        ("pin", "123456789", "PIN-код — от 4 до 8 цифр."),
        ("pin", "", "PIN-код — от 4 до 8 цифр."),
        ("role", "admin", "Выберите роль из списка."),
        ("name", "", "Введите название."),
        ("performer_id", "", "Введите ID."),
    ],
)
def test_bad_input_is_shown_inline_with_422(as_manager, field, value, message):
    response = post_form(as_manager, "/admin/users", {**NEW, field: value})

    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in page_text(response)
    assert db.session.get(User, "rep-5") is None


def test_the_pin_is_never_echoed_back(as_manager):
    response = post_form(as_manager, "/admin/users", {**NEW, "role": "admin"})

    assert "135790" not in page_text(response)


def test_a_repairer_promoted_to_manager_gets_the_admin_pages(app, as_manager):
    factories.make_user("rep-1", "Иван Петров")

    response = post_form(
        as_manager,
        "/admin/users/rep-1",
        {"name": "Иван Петров", "role": "manager", "manager_pin": "86420975"},
    )

    assert response.status_code == 303
    other = app.test_client()
    log_in(other, "rep-1", "86420975")
    assert other.get("/admin/").status_code == 200


def test_a_manager_cannot_demote_himself(as_manager):
    response = post_form(as_manager, "/admin/users/boss", {"name": "Анна", "role": "repairer"})

    assert response.status_code == 409
    assert "Нельзя снять роль менеджера с самого себя." in page_text(response)
    assert db.session.get(User, "boss").role == "manager"


def test_a_new_pin_replaces_the_old_one_at_once(app, as_manager):
    factories.make_user("rep-1", pin="1111")

    response = post_form(as_manager, "/admin/users/rep-1/pin", {"pin": "20242025"})

    assert response.status_code == 303
    assert _log_in_fresh(app, "rep-1", "1111").status_code == 422
    assert _log_in_fresh(app, "rep-1", "20242025").status_code == 302


def test_a_bad_new_pin_is_shown_inline(as_manager):
    factories.make_user("rep-1", pin="1111")

    response = post_form(as_manager, "/admin/users/rep-1/pin", {"pin": "12"})

    assert response.status_code == 422
    assert 'id="pin-error">PIN-код — от 4 до 8 цифр.' in page_text(response)
    assert db.session.get(User, "rep-1").check_pin("1111")


def test_a_deactivated_user_is_logged_out_cannot_log_in_nor_be_used_in_the_api(
    app, as_manager, api
):
    factories.make_place("wh-1")
    factories.make_user("rep-1")
    tablet = app.test_client()
    log_in(tablet, "rep-1", factories.DEFAULT_PIN)

    assert post_form(as_manager, "/admin/users/rep-1/deactivate").status_code == 303

    assert db.session.get(User, "rep-1").active is False
    assert tablet.get("/home").status_code == 302  # the open session ends
    assert _log_in_fresh(app, "rep-1", factories.DEFAULT_PIN).status_code == 422
    refused = api.start_repair("r-1", performer_id="rep-1")
    assert refused.get_json()["error"]["code"] == "unknown_performer"

    assert post_form(as_manager, "/admin/users/rep-1/reactivate").status_code == 303
    assert _log_in_fresh(app, "rep-1", factories.DEFAULT_PIN).status_code == 302


def test_a_manager_cannot_deactivate_himself(as_manager):
    response = post_form(as_manager, "/admin/users/boss/deactivate")

    assert response.status_code == 409
    assert "Нельзя отключить самого себя." in page_text(response)
    assert db.session.get(User, "boss").active is True


def test_an_unknown_user_is_404(as_manager):
    assert as_manager.get("/admin/users/nobody").status_code == 404
    assert post_form(as_manager, "/admin/users/nobody/pin", {"pin": "1234"}).status_code == 404
