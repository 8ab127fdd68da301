"""Odd input that used to answer 500 or leak: each gets a clear 400 or an inline message.

Dates at the ends of the calendar in the manager filters, raw bytes that are not UTF-8 in a
query string, JSON nested 100,000 deep, a language switch asked to send the user elsewhere,
and a 100 KB scooter number on the tablet.
"""

from __future__ import annotations

import re
import socket
from urllib.parse import urlsplit

import pytest

from devtools.server import gunicorn
from tests import factories
from tests.support.pages import csrf_token, log_in, post_form

DATES = ("9999-12-31", "0001-01-01")
OUT_OF_RANGE = "Выберите даты с 2000 по 2099 год."


@pytest.fixture
def manager(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    assert log_in(client, "boss", factories.DEFAULT_PIN).status_code == 302
    return client


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# Dates out of range: an inline message on every manager page that takes a period.

PERIOD_PAGES = [
    ("/manager/history", "from", "to"),
    ("/manager/stats", "from", "to"),
    ("/admin/audit", "date_from", "date_to"),
]


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("path,first,last", PERIOD_PAGES)
def test_a_date_out_of_range_is_said_on_the_page(manager, path, first, last, day):
    for query in ({first: day}, {last: day}, {first: day, last: day}):
        response = manager.get(path, query_string=query)

        assert response.status_code in (200, 400), (query, response.status_code)
        assert OUT_OF_RANGE in page_text(response), query


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize(
    "path,first,last",
    [
        ("/manager/history.csv", "from", "to"),
        ("/manager/stats/repairers.csv", "from", "to"),
        ("/admin/audit.csv", "date_from", "date_to"),
    ],
)
def test_a_date_out_of_range_never_breaks_an_export(manager, path, first, last, day):
    for query in ({first: day}, {last: day}, {first: day, last: day}):
        response = manager.get(path, query_string=query)
        body = page_text(response)  # the whole streamed body, which must not fail midway
        response.close()

        assert response.status_code in (200, 400), (query, response.status_code)
        if response.status_code == 400:  # the audit log shows its form again, with the error
            assert OUT_OF_RANGE in body


def test_the_scooter_page_ignores_dates_it_does_not_take(manager):
    for day in DATES:
        response = manager.get("/manager/scooters/v-1", query_string={"from": day, "to": day})

        assert response.status_code == 200


def test_dates_at_the_edges_of_the_range_still_work(manager):
    response = manager.get(
        "/manager/history", query_string={"from": "2000-01-01", "to": "2000-12-31"}
    )
    late = manager.get("/manager/stats", query_string={"from": "2099-01-01", "to": "2099-12-31"})

    assert response.status_code == 200 and OUT_OF_RANGE not in page_text(response)
    assert late.status_code == 200 and OUT_OF_RANGE not in page_text(late)


# Raw bytes in a query string that are not UTF-8.

RAW_QUERY = "q=\xff\xfe&performer=\xc3\x28&vehicle_id=\xff"  # WSGI strings carry bytes as latin-1


@pytest.mark.parametrize(
    "path", ["/login", "/manager/history", "/admin/audit", "/t/find", "/s/0421", "/nowhere"]
)
def test_raw_non_utf8_bytes_in_a_page_query_are_a_clear_400(manager, path):
    response = manager.get(path, environ_overrides={"QUERY_STRING": RAW_QUERY})

    assert response.status_code in (400, 404)
    assert response.mimetype == "text/html"
    if response.status_code == 400:
        assert "В адресе есть символы, которые не удалось прочитать." in page_text(response)


@pytest.mark.parametrize(
    "path", ["/api/scooter/info", "/api/scooter/repair-history", "/api/audit/control"]
)
def test_raw_non_utf8_bytes_in_an_api_query_are_a_json_400(api, path):
    response = api.client.get(
        path, headers=api.headers, environ_overrides={"QUERY_STRING": RAW_QUERY}
    )

    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "invalid_request",
        "message": "The query string is not valid UTF-8.",
    }


@pytest.mark.slow
def test_raw_non_utf8_bytes_sent_to_gunicorn_are_a_clear_400(app, app_config, tmp_path):
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "serve",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
    }
    with gunicorn(env, workers=1, log_path=tmp_path / "gunicorn.log") as served:
        port = urlsplit(served.base).port
        api = raw_get(port, b"/api/scooter/info?number=\xff\xfe")
        page = raw_get(port, b"/login?next=\xc3\x28")

    assert api.startswith(b"HTTP/1.1 400"), api[:200]
    assert b'"code":"invalid_request"' in api.replace(b" ", b"")
    assert page.startswith(b"HTTP/1.1 400"), page[:200]
    assert "В адресе есть символы, которые не удалось прочитать.".encode() in page


def raw_get(port: int, target: bytes) -> bytes:
    """Send a GET whose request line carries `target` byte for byte; the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# JSON nested 100,000 deep.

API_POSTS = [
    "/api/repair/start",
    "/api/repair/end",
    "/api/repair-job/start",
    "/api/repair-job/end",
    "/api/scooter/control",
    "/api/shift/start",
    "/api/shift/end",
    "/api/complaints",
    "/api/missions",
    "/api/missions/<mission_id>/confirm",
    "/api/complaints/reject",
    "/api/scooters/stages",
    "/api/scooters/release",
]


@pytest.mark.parametrize("path", API_POSTS)
@pytest.mark.parametrize("shape", ["[", '{"a":'])
def test_deeply_nested_json_is_a_json_400(api, path, shape):
    closing = "]" if shape == "[" else "}"
    deep = shape * 100_000 + "1" + closing * 100_000

    response = api.client.post(
        path, data=deep, headers={**api.headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "invalid_request",
        "message": "The request body is nested too deeply.",
    }


def test_the_api_post_list_above_is_every_api_post(app):
    posts = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and "POST" in rule.methods
    }

    assert posts == set(API_POSTS)


# The language switch comes back to this site only.


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_language_switch_never_sends_the_user_to_another_site(client, target):
    response = post_form(client, "/language/en", {"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_comes_back_to_the_same_page(client):
    response = post_form(client, "/language/en", {"next": "/manager/history?from=2026-05-04"})

    assert response.headers["Location"] == "/manager/history?from=2026-05-04"


# A scooter number the tablet did not check.


def test_a_huge_vehicle_id_is_never_echoed_into_the_start_form(client, workshop):
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    post_form(client, "/t/place", {"place_id": "wh-1"})
    headers = {
        "HX-Request": "true",
        "HX-Target": "start-repair",
        "X-CSRFToken": csrf_token(client),
    }
    form = {"repair_id": "a" * 32, "vehicle_id": "v" * 100_000, "number": "0421"}

    response = client.post("/t/repairs", data=form, headers=headers)

    assert response.status_code == 400
    assert len(response.get_data()) < 20_000


def test_a_huge_number_is_never_echoed_into_a_header(client, workshop):
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    post_form(client, "/t/place", {"place_id": "wh-1"})
    huge = "0421" + "9" * 100_000
    headers = {"HX-Request": "true", "X-CSRFToken": csrf_token(client)}

    response = client.post(
        "/t/repairs", data={"repair_id": "bad token", "vehicle_id": "x", "number": huge},
        headers=headers,
    )  # fmt: skip

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/t/"
    assert all(len(value) < 2000 for _name, value in response.headers.items())


@pytest.mark.parametrize(
    "number,goes_to", [("0421" + " " * 100_000, "/t/find?q=0421"), ("x" * 100_000, "/t/")]
)
def test_a_huge_number_in_the_cards_address_is_never_echoed_into_a_header(
    client, workshop, number, goes_to
):
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    post_form(client, "/t/place", {"place_id": "wh-1"})

    response = client.get(f"/t/scooter/{number}/drive", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == goes_to
    assert all(len(value) < 2000 for _name, value in response.headers.items())
