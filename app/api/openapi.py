"""The OpenAPI 3.1 document of the JSON API, served at GET /api/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import render_template

from app.api import bp, openapi_complaints, openapi_events, openapi_missions, openapi_scooters
from app.api.openapi_paths import PATHS
from app.api.openapi_schemas import SCHEMAS


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "scooters-ops-repair API",
            "version": "1",
            "description": "Repairs, jobs, scooter information and control for warehouse "
            'repairers. Errors are always `{"error": {"code", "message", ...}}`.',
        },
        "servers": [{"url": "/"}],
        "paths": PATHS
        | openapi_scooters.PATHS
        | openapi_complaints.PATHS
        | openapi_events.PATHS
        | openapi_missions.PATHS,
        "components": {
            "schemas": SCHEMAS
            | openapi_scooters.SCHEMAS
            | openapi_complaints.SCHEMAS
            | openapi_events.SCHEMAS
            | openapi_missions.SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 document; no token needed."""
    return document()


@bp.get("/docs")
def api_docs():
    """Swagger UI over the OpenAPI document, from vendored files; no token needed."""
    return render_template("api/docs.html")
