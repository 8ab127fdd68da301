"""Migrations: empty -> head -> base -> head on a fresh database; models and migrations agree."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from tests.support.database import on_postgres, scratch_postgres_database


@pytest.fixture
def fresh_url(tmp_path):
    if on_postgres():
        with scratch_postgres_database() as url:
            yield url
    else:
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite3")


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_and_no_pending_autogenerate(fresh_url, app_config):
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": fresh_url})
    with app.app_context():
        upgrade()
        assert _tables(fresh_url) == set(db.metadata.tables)
        job_types = db.session.execute(sa.text("SELECT count(*) FROM job_types")).scalar()
        assert job_types == 10
        db.session.remove()

        downgrade(revision="base")
        assert _tables(fresh_url) == set()

        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        db.session.remove()
        db.engine.dispose()
