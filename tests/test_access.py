"""Every route of the app, for every kind of caller, against a table of expected outcomes.

The table is built from the URL map itself: a route added without a rule here fails
`test_every_route_has_an_access_rule`, so nobody can add a page and forget who may see it.
"""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.support.pages import csrf_token, log_in

# Who may call each endpoint.
PUBLIC = "public"  # anyone (login, language, static files, the OpenAPI document)
TOKEN = "token"  # the JSON API: a bearer token, never a browser session
LOGGED_IN = "logged_in"  # any logged-in user (repairer or manager)
MANAGER = "manager"  # managers only

RULES = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.language": PUBLIC,
    "auth.index": PUBLIC,  # redirects by role (or to the login page)
    "api.openapi_document": PUBLIC,
    "health.healthz": PUBLIC,  # for load balancers: no session, no token
    "health.readyz": PUBLIC,
    # the host itself (a test client is local) or a METRICS_TOKEN bearer; others get a 404
    # (tests/test_observability.py)
    "metrics.metrics": PUBLIC,
    "api.api_docs": PUBLIC,
    "auth.home": LOGGED_IN,
    "auth.logout": LOGGED_IN,
    "shortlink.scooter": LOGGED_IN,
    "manager.scooter": LOGGED_IN,
    "manager.scooter_csv": LOGGED_IN,
    "manager.find_scooter": LOGGED_IN,
    "admin.label_qr": LOGGED_IN,
}
PREFIX_RULES = {"api.": TOKEN, "tablet.": LOGGED_IN, "manager.": MANAGER, "admin.": MANAGER}
CALLERS = ("anonymous", "repairer", "manager", "token")


def rule_for(endpoint: str) -> str | None:
    if endpoint in RULES:
        return RULES[endpoint]
    return next(
        (rule for prefix, rule in PREFIX_RULES.items() if endpoint.startswith(prefix)), None
    )


def expected(rule: str, caller: str) -> str:
    """'allowed', 'login' (sent to log in), 'forbidden' (403) or 'unauthorized' (401)."""
    if rule == PUBLIC:
        return "allowed"
    if rule == TOKEN:
        return "allowed" if caller == "token" else "unauthorized"
    if caller in ("anonymous", "token"):  # a token is no browser session
        return "login"
    if rule == MANAGER and caller == "repairer":
        return "forbidden"
    return "allowed"


def routes(app):
    """(endpoint, method, url) for every route, with placeholders its converters accept."""
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<int:[^>]+>", "1", rule.rule)
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_route_has_an_access_rule(app):
    missing = sorted({endpoint for endpoint, _m, _u in routes(app) if rule_for(endpoint) is None})

    assert missing == [], f"routes without an access rule: {missing}"


def outcome(response) -> str:
    if response.status_code == 401:
        return "unauthorized"
    if response.status_code == 403:
        return "forbidden"
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/login" in location:
        return "login"
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return "allowed"


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_gets_what_the_table_says_on_every_route(app, client, workshop, caller):
    factories.make_user("boss", "Ольга Соколова", role="manager")
    headers = {}
    if caller == "repairer":
        log_in(client, "rep-1", factories.DEFAULT_PIN)
    elif caller == "manager":
        log_in(client, "boss", factories.DEFAULT_PIN)
    elif caller == "token":
        headers["Authorization"] = f"Bearer {factories.make_token()}"
    token = csrf_token(client)
    wrong = []
    for endpoint, method, url in routes(app):
        if endpoint in ("auth.logout", "auth.language"):
            continue  # they end or change this very session; tested on their own
        response = client.open(
            url,
            method=method,
            headers={**headers, "X-CSRFToken": token},
            data={"csrf_token": token} if method != "GET" else None,
        )
        want, got = expected(rule_for(endpoint), caller), outcome(response)
        if got != want and not (want == "allowed" and got == "login" and endpoint == "auth.index"):
            wrong.append(f"{caller} {method} {url} ({endpoint}): wanted {want}, got {got}")
    assert wrong == []


def state_changing_html_routes(app):
    return [
        (endpoint, method, url)
        for endpoint, method, url in routes(app)
        if method in ("POST", "PUT", "PATCH", "DELETE") and not url.startswith("/api/")
    ]


def test_every_state_changing_page_refuses_a_request_without_a_csrf_token(app, client, workshop):
    factories.make_user("boss", "Ольга Соколова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    accepted = []
    for endpoint, method, url in state_changing_html_routes(app):
        response = client.open(url, method=method, data={"anything": "1"})
        if response.status_code != 400:
            accepted.append(f"{method} {url} ({endpoint}) answered {response.status_code}")
    assert accepted == []
    assert len(state_changing_html_routes(app)) > 20


def test_a_repairer_cannot_finish_another_repairers_job_or_repair(client, api, workshop):
    """Object-level access: rep-2 on the tablet cannot end what rep-1 is doing."""
    assert api.start_repair("r-1", performer_id="rep-1").status_code == 201
    assert api.start_job("j-1", repair_id="r-1").status_code == 201
    log_in(client, "rep-2", factories.DEFAULT_PIN)
    client.post("/t/place", data={"csrf_token": csrf_token(client), "place_id": "wh-1"})
    token = csrf_token(client)

    job = client.post("/t/jobs/j-1/finish", data={"csrf_token": token, "status": "completed"})
    repair = client.post("/t/repairs/r-1/finish", data={"csrf_token": token, "status": "cancelled"})
    page = client.get("/t/repairs/r-1")

    assert job.status_code in (303, 403, 404) and repair.status_code in (303, 403, 404)
    assert "Иван Петров" in page.get_data(as_text=True)  # he is told whose repair it is
    active = api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)}).get_json()
    assert active["active_repair"]["status"] == "performing"
    assert active["active_repair"]["jobs"][0]["status"] == "performing"
