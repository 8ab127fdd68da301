"""`python -m bench generate` empties the database it fills: it runs only when told so, on a
database named for it, and never on one holding people, places or tokens it did not make."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ApiToken, Place, Repair, User
from bench.cli import main
from tests import factories
from tests.support.invariants import violations

SMALL = ["--preset", "small", "--scale", "0.01"]
CONFIRM = "--yes-empty-database"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _generate(database_url: str, *extra: str) -> int:
    db.session.remove()  # the generator works through connections of its own
    return main(["generate", "--database-url", database_url, *SMALL, *extra])


def test_without_the_confirmation_nothing_is_generated(database_url, app, capsys):
    code = _generate(database_url)

    assert code != 0
    assert CONFIRM in capsys.readouterr().err
    assert _count(User) == 0 and _count(Repair) == 0


def test_people_places_and_tokens_it_did_not_make_are_never_emptied(database_url, app, capsys):
    factories.make_place("wh-north")
    factories.make_user("ivan")
    factories.make_token("chat-bot")

    code = _generate(database_url, CONFIRM)

    assert code != 0
    error = capsys.readouterr().err
    assert "ivan" in error and "wh-north" in error and "chat-bot" in error
    assert db.session.get(User, "ivan") and db.session.get(Place, "wh-north")
    assert _count(User) == 1 and _count(ApiToken) == 1 and _count(Repair) == 0


def test_one_real_user_among_generated_ones_is_enough_to_refuse(database_url, app, capsys):
    assert _generate(database_url, CONFIRM) == 0
    factories.make_user("ivan")
    generated = _count(Repair)

    assert _generate(database_url, CONFIRM, "--seed", "2") != 0

    assert "ivan" in capsys.readouterr().err
    assert db.session.get(User, "ivan") and _count(Repair) == generated


def test_a_database_it_generated_is_generated_again_when_confirmed(database_url, app):
    assert _generate(database_url, CONFIRM) == 0
    first = set(db.session.scalars(select(Repair.repair_id)))
    factories.make_token("bench-1a2b3c4d")  # as a benchmark run left it

    assert _generate(database_url, CONFIRM, "--seed", "2") == 0

    again = set(db.session.scalars(select(Repair.repair_id)))
    assert len(again) == 200 and not again & first
    assert violations() == {}


def test_the_apps_own_database_setting_is_never_read(database_url, app, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    db.session.remove()

    with pytest.raises(SystemExit) as exited:
        main(["generate", *SMALL, CONFIRM])

    assert exited.value.code == 2
    assert "--database-url" in capsys.readouterr().err
    assert _count(User) == 0 and _count(Repair) == 0


def test_a_database_without_the_apps_tables_is_refused_with_what_to_do(tmp_path, capsys):
    blank = f"sqlite:///{tmp_path / 'blank.sqlite3'}"

    code = main(["generate", "--database-url", blank, *SMALL, CONFIRM])

    assert code != 0
    assert "db upgrade" in capsys.readouterr().err
