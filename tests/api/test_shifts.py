"""POST /api/shift/start and /end."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("workshop")


def start(api, performer_id="rep-1", place_id="wh-1"):
    return api.post("/api/shift/start", {"performer_id": performer_id, "place_id": place_id})


def test_start_opens_a_shift(api):
    response = start(api)

    assert response.status_code == 200
    body = response.get_json()
    assert (body["performer_id"], body["place_id"], body["ended_at"]) == ("rep-1", "wh-1", None)


def test_starting_again_at_the_same_place_keeps_the_same_shift(api):
    first = start(api).get_json()

    assert start(api).get_json() == first


def test_starting_at_another_place_ends_the_old_shift(api):
    factories.make_place("wh-2", "Склад Юг")
    first = start(api).get_json()

    second = start(api, place_id="wh-2").get_json()
    ended = api.post("/api/shift/end", {"performer_id": "rep-1"}).get_json()

    assert second["place_id"] == "wh-2" and second["started_at"] >= first["started_at"]
    assert ended["place_id"] == "wh-2"  # the first one was already closed


def test_end_closes_the_shift_and_a_second_end_is_404(api):
    start(api)

    ended = api.post("/api/shift/end", {"performer_id": "rep-1"})
    again = api.post("/api/shift/end", {"performer_id": "rep-1"})

    assert ended.status_code == 200 and ended.get_json()["ended_at"] is not None
    assert again.status_code == 404
    assert again.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "performer_id,place_id,code",
    [
        ("stranger", "wh-1", "unknown_performer"),
        ("rep-1", "nowhere", "unknown_place"),
    ],
)
def test_unknown_references_are_422(api, performer_id, place_id, code):
    response = start(api, performer_id, place_id)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code
