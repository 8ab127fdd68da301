"""The command line of docs/API.md: places, users, tokens."""

from __future__ import annotations

from app.extensions import db
from app.models import Place, User
from tests import factories


def test_places_add_stores_name_and_time_zone(runner):
    result = runner.invoke(
        args=["places", "add", "wh-7", "--name", "Склад Юг", "--timezone", "Asia/Yekaterinburg"]
    )

    assert result.exit_code == 0, result.output
    place = db.session.get(Place, "wh-7")
    assert (place.name, place.timezone, place.active) == ("Склад Юг", "Asia/Yekaterinburg", True)


def test_places_add_refuses_an_unknown_time_zone(runner):
    result = runner.invoke(args=["places", "add", "wh-7", "--name", "X", "--timezone", "Mars/Base"])

    assert result.exit_code != 0
    assert "unknown time zone" in result.output
    assert db.session.get(Place, "wh-7") is None


def test_users_add_stores_the_pin_hashed(runner):
    result = runner.invoke(
        args=["users", "add", "rep-9", "--name", "Анна", "--role", "manager", "--pin", "73519264"]
    )

    assert result.exit_code == 0, result.output
    user = db.session.get(User, "rep-9")
    assert user.role == "manager"
    assert "73519264" not in user.pin_hash
    assert user.check_pin("73519264") and not user.check_pin("73519265")


def test_users_add_refuses_a_pin_that_is_not_digits(runner):
    result = runner.invoke(args=["users", "add", "rep-9", "--name", "A", "--pin", "abc"])

    assert result.exit_code != 0
    assert "PIN" in result.output
    assert db.session.get(User, "rep-9") is None


def test_tokens_add_prints_a_working_token_on_its_last_line(runner, client):
    result = runner.invoke(args=["tokens", "add", "chat-bot"])

    assert result.exit_code == 0
    raw = result.output.strip().splitlines()[-1]
    response = client.get("/api/job-types", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert len(response.get_json()["job_types"]) == 10


def test_the_production_command_line_cannot_generate_data(runner):
    """The benchmark's data generator empties tables: it is not a command of the app."""
    factories.make_user("ivan")

    result = runner.invoke(args=["perf", "generate", "--force"])

    assert result.exit_code == 2 and "No such command" in result.output
    assert db.session.get(User, "ivan") is not None
