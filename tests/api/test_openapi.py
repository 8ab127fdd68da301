"""The OpenAPI document is valid 3.1 and covers every route under /api."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from app.models import Outcome


def test_openapi_is_public_and_valid_3_1(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_route_and_method_is_documented(app, client):
    paths = client.get("/api/openapi.json").get_json()["paths"]

    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in paths, f"{path} is not in openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path} is not documented"


def test_every_documented_error_code_names_the_error_schema(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]

    for path, operations in paths.items():
        for method, op in operations.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_the_control_contract_names_every_refusal_and_every_outcome(client):
    document = client.get("/api/openapi.json").get_json()
    control = document["paths"]["/api/scooter/control"]["post"]["responses"]
    schemas = document["components"]["schemas"]
    entry = schemas["AuditEntries"]["properties"]["entries"]["items"]["properties"]

    assert "not_on_shift" in control["403"]["description"]
    assert "not_in_repair" in control["403"]["description"]
    assert set(entry["outcome"]["enum"]) == {outcome.value for outcome in Outcome}
    for code in ("not_on_shift", "not_in_repair", "abandoned", "drive_timeout"):
        assert code in entry["error"]["description"]
    errors = schemas["Error"]["properties"]["error"]["properties"]
    assert set(errors["outcome"]["enum"]) == {"failed", "unknown", "denied"}
