"""SQLite plumbing: writes during requests must take the write lock first."""

from __future__ import annotations

import pytest

from app.database import write_transaction
from app.extensions import db
from app.models import Place
from tests.support.database import on_postgres

pytestmark = pytest.mark.skipif(on_postgres(), reason="a SQLite locking rule")


def test_a_request_writing_outside_write_transaction_fails_loudly(app):
    with app.test_request_context("/"):
        db.session.add(Place(place_id="wh-x", name="X"))
        with pytest.raises(RuntimeError, match="write_transaction"):
            db.session.flush()
        db.session.rollback()


def test_a_request_writing_inside_write_transaction_is_fine(app):
    with app.test_request_context("/"):
        with write_transaction():
            db.session.add(Place(place_id="wh-x", name="X"))
        assert db.session.get(Place, "wh-x").name == "X"
