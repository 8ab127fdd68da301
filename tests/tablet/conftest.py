"""A repairer logged in on a tablet and on shift at warehouse wh-1."""

from __future__ import annotations

import re

import pytest

from tests.factories import DEFAULT_PIN
from tests.support.pages import csrf_token, log_in

HX = {"HX-Request": "true"}


@pytest.fixture
def tablet(client, workshop):
    """rep-1 logged in and on shift at wh-1."""
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    return client


def post(client, path: str, data: dict | None = None, headers: dict | None = None, **kwargs):
    """POST a form with a CSRF token, as the tablet's pages send it."""
    return client.post(
        path, data={"csrf_token": csrf_token(client), **(data or {})}, headers=headers, **kwargs
    )


def hx_post(client, path: str, data: dict | None = None, target: str | None = None):
    """POST as htmx does: the token in a header, HX-Request and the swap target."""
    headers = {**HX, "X-CSRFToken": csrf_token(client)}
    if target:
        headers["HX-Target"] = target
    return client.post(path, data=data or {}, headers=headers)


def vehicle_id_of(simulator, number: str) -> str:
    return simulator.scooter(number=number).vehicle_id


def start_repair(client, simulator, number: str = "0421", token: str = "r-1"):
    """Start a repair through the card's form."""
    return post(
        client,
        "/t/repairs",
        {"repair_id": token, "vehicle_id": vehicle_id_of(simulator, number), "number": number},
    )


def text(response) -> str:
    """The page's text with tags and runs of whitespace squeezed out."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", body)
