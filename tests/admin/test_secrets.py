"""Secrets strong enough for their role: managers a passphrase of 10+ characters or a PIN of 8+
digits, nobody a trivial PIN (0000, 1234, one digit repeated, the performer ID). The demo data
alone keeps its 4-digit PINs."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import User
from tests import factories
from tests.admin.conftest import page_text
from tests.support.pages import log_in, post_form

MANAGER_RULE = "Менеджеру нужен пароль не короче 10 символов или PIN-код не короче 8 цифр."
TRIVIAL = "Такой PIN-код легко угадать"


def _user(performer_id: str, role: str, pin: str) -> dict:
    return {"performer_id": performer_id, "name": "Мария Кузнецова", "role": role, "pin": pin}


@pytest.mark.parametrize("pin", ["2468", "135797", "1357924"])
def test_a_new_manager_with_a_short_pin_is_refused(as_manager, pin):
    response = post_form(as_manager, "/admin/users", _user("boss-2", "manager", pin))

    assert response.status_code == 422
    assert f'id="pin-error">{MANAGER_RULE}' in page_text(response)
    assert db.session.get(User, "boss-2") is None


@pytest.mark.parametrize("secret", ["24681357", "Синий трактор 42", "correct horse"])
def test_a_new_manager_logs_in_with_a_long_pin_or_a_passphrase(app, as_manager, secret):
    response = post_form(as_manager, "/admin/users", _user("boss-2", "manager", secret))

    assert response.status_code == 303
    other = app.test_client()
    assert log_in(other, "boss-2", secret).status_code == 302
    assert other.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "performer_id,pin",
    [
        ("rep-5", "0000"),
        ("rep-5", "7777"),
        ("rep-5", "1234"),
        ("rep-5", "45678"),
        ("rep-5", "9876"),
        ("rep-5", "7890123"),  # a run that wraps past 9
        ("5791", "5791"),
        ("rep-5791", "5791"),
    ],
)
def test_a_trivial_pin_is_refused(as_manager, performer_id, pin):
    response = post_form(as_manager, "/admin/users", _user(performer_id, "repairer", pin))

    assert response.status_code == 422
    assert f'id="pin-error">{TRIVIAL}' in page_text(response)
    assert db.session.get(User, performer_id) is None


def test_a_managers_new_pin_must_be_a_managers_secret(as_manager):
    factories.make_user("boss-2", role="manager", pin="1357")

    refused = post_form(as_manager, "/admin/users/boss-2/pin", {"pin": "135797"})

    assert refused.status_code == 422
    assert MANAGER_RULE in page_text(refused)
    assert db.session.get(User, "boss-2").check_pin("1357")
    assert post_form(as_manager, "/admin/users/boss-2/pin", {"pin": "86420975"}).status_code == 303
    assert db.session.get(User, "boss-2").check_pin("86420975")


def test_a_trivial_new_pin_is_refused(as_manager):
    factories.make_user("rep-1", pin="1357")

    refused = post_form(as_manager, "/admin/users/rep-1/pin", {"pin": "1234"})

    assert refused.status_code == 422
    assert TRIVIAL in page_text(refused)
    assert db.session.get(User, "rep-1").check_pin("1357")


def test_promoting_a_repairer_asks_for_a_managers_secret(app, as_manager):
    factories.make_user("rep-1", "Иван Петров")
    change = {"name": "Иван Петров", "role": "manager"}

    without = post_form(as_manager, "/admin/users/rep-1", change)
    weak = post_form(as_manager, "/admin/users/rep-1", change | {"manager_pin": "2468"})

    assert without.status_code == weak.status_code == 422
    assert MANAGER_RULE in page_text(without) and MANAGER_RULE in page_text(weak)
    assert db.session.get(User, "rep-1").role == "repairer"
    promoted = post_form(
        as_manager, "/admin/users/rep-1", change | {"manager_pin": "Ключ от склада"}
    )
    assert promoted.status_code == 303
    assert db.session.get(User, "rep-1").role == "manager"
    assert log_in(app.test_client(), "rep-1", "Ключ от склада").status_code == 302


@pytest.mark.parametrize(
    "role,pin,message",
    [
        ("manager", "2468", "managers need a passphrase"),
        ("repairer", "1111", "too easy to guess"),
        ("repairer", "rep-3", "4-8 digits"),
    ],
)
def test_the_cli_refuses_weak_secrets(runner, role, pin, message):
    result = runner.invoke(
        args=["users", "add", "rep-3", "--name", "Анна", "--role", role, "--pin", pin]
    )

    assert result.exit_code != 0
    assert message in result.output
    assert db.session.get(User, "rep-3") is None


def test_the_demo_accounts_keep_their_four_digit_pins(runner, client):
    assert runner.invoke(args=["demo", "seed", "--days", "1"]).exit_code == 0

    assert log_in(client, "manager", "9999").status_code == 302
