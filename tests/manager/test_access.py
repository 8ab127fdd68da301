"""Who may open which manager page: strangers log in, repairers get 403 except on a scooter's
history, managers get everything. Checked on the server, for every route of the area."""

from __future__ import annotations

import pytest

from tests import factories
from tests.manager.factories import make_repair, make_vehicle
from tests.support.pages import csrf_token, log_in

MANAGER_ONLY = [
    ("GET", "/manager/", "manager.index"),
    ("GET", "/manager/history", "manager.history"),
    ("GET", "/manager/people?performer=rep", "manager.people"),
    ("GET", "/manager/history.csv", "manager.history_csv"),
    ("GET", "/manager/stats", "manager.stats"),
    ("GET", "/manager/stats/repairers.csv", "manager.stats_repairers_csv"),
    ("POST", "/manager/stats/refresh", "manager.stats_refresh"),
    ("GET", "/manager/open-repairs", "manager.open_repairs"),
    ("POST", "/manager/open-repairs/r-open/end", "manager.end_repair"),
    ("GET", "/manager/board", "manager.board"),
    ("GET", "/manager/pickup", "manager.pickup"),
    ("GET", "/manager/pickup.csv", "manager.pickup_csv"),
    ("GET", "/manager/dropoff", "manager.dropoff"),
    ("GET", "/manager/dropoff.csv", "manager.dropoff_csv"),
]
ANY_USER = [
    ("GET", "/manager/scooters/v-1", "manager.scooter"),
    ("GET", "/manager/scooters/v-1/repairs.csv", "manager.scooter_csv"),
    ("GET", "/manager/scooters?q=0421", "manager.find_scooter"),
]


@pytest.fixture
def people(workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    make_vehicle("v-1", "0421")
    make_repair("rep-2", "v-1", "2026-05-04 06:00", None, repair_id="r-open")


def _request(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    form = {"csrf_token": csrf_token(client), "status": "cancelled", "comment": "забыт"}
    return client.post(path, data=form)


def test_the_matrix_covers_every_route_of_the_area(app):
    routes = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("manager.")
    }

    assert routes == {endpoint for *_, endpoint in MANAGER_ONLY + ANY_USER}


@pytest.mark.parametrize(("method", "path", "endpoint"), MANAGER_ONLY + ANY_USER)
def test_strangers_are_sent_to_the_login_page(client, people, method, path, endpoint):
    response = _request(client, method, path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "path", "endpoint"), MANAGER_ONLY)
def test_repairers_are_refused_manager_pages(client, people, method, path, endpoint):
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    response = _request(client, method, path)

    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path", "endpoint"), ANY_USER)
def test_repairers_may_read_a_scooters_history(client, people, method, path, endpoint):
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    response = _request(client, method, path)

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.headers["Location"] == "/manager/scooters/v-1"


@pytest.mark.parametrize(("method", "path", "endpoint"), MANAGER_ONLY + ANY_USER)
def test_managers_may_open_everything(client, people, method, path, endpoint):
    log_in(client, "boss", factories.DEFAULT_PIN)

    response = _request(client, method, path)

    assert response.status_code in (200, 302, 303)


def test_a_repairer_sees_no_manager_navigation_on_a_scooter_page(client, people):
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    page = client.get("/manager/scooters/v-1").get_data(as_text=True)

    assert "manager-nav" not in page
    assert "0421" in page


def test_managers_land_on_the_overview(client, people):
    response = log_in(client, "boss", factories.DEFAULT_PIN)

    assert response.headers["Location"] == "/manager/"


def test_ending_a_repair_without_a_csrf_token_is_refused(client, people):
    log_in(client, "boss", factories.DEFAULT_PIN)

    response = client.post(
        "/manager/open-repairs/r-open/end", data={"status": "cancelled", "comment": "забыт"}
    )

    assert response.status_code == 400
    assert client.get("/manager/open-repairs").get_data(as_text=True).count("r-open") >= 1
