"""scooters-ops-repair: repair work orders, scooter commands and repair history."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from app import (
    compression,
    drive,
    error_handlers,
    i18n,
    metrics,
    outbox,
    paths,
    query_string,
    request_log,
    security,
    settings,
    static_assets,
    token_cache,
)
from app.auth import access
from app.database import configure_postgresql, configure_sqlite, guard_deferred_writes
from app.extensions import csrf, db, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment, then `test_config` on top."""
    app = Flask(
        __name__,
        instance_path=paths.instance_path(),
        instance_relative_config=True,
        template_folder=str(paths.resource("templates")),
        static_folder=str(paths.resource("static")),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings.load(app.instance_path))
    if test_config:
        app.config.update(test_config)
    settings.check_environment(app.config)  # database and Redis answer, a shared secret is set
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _instance_secret(app.instance_path)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    request_log.init_app(app)  # first: every later hook and log line has the request id
    metrics.init_app(app)
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT"])
            if app.config["SQLITE_STRICT_WRITES"]:
                guard_deferred_writes(db.session)
        elif db.engine.dialect.name == "postgresql":
            configure_postgresql(db.engine)
    migrate.init_app(app, db, directory=str(paths.resource("migrations")), render_as_batch=True)
    csrf.init_app(app)
    drive.init_app(app)
    outbox.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    security.init_app(app)
    token_cache.init_app(app)
    static_assets.init_app(app)
    compression.init_app(app)
    query_string.init_app(app)

    from app import admin, health, manager, tablet
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.cli import register_commands

    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(health.bp)
    for area in (tablet, manager, admin):
        app.register_blueprint(area.bp)
    csrf.exempt(api_bp)  # service tokens, not cookies, authenticate the API
    error_handlers.register(app)
    register_commands(app)
    return app


def _instance_secret(instance_path: str) -> str:
    """A secret key kept in the instance folder, so every worker and restart shares it."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        # Write aside, then link into place: workers racing here all read one whole key.
        tmp = f"{path}.{os.getpid()}"
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as new:
            new.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    with open(path) as existing:
        return existing.read().strip()
