"""POST /api/repair/start: creation, retries, the one-active-repair rules, bad input."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("workshop")


def error_of(response) -> dict:
    assert response.is_json, response.data
    return response.get_json()["error"]


def test_start_creates_a_performing_repair(api):
    response = api.start_repair()

    assert response.status_code == 201
    body = response.get_json()
    assert body["repair_id"] == "r-1"
    assert (body["performer_id"], body["vehicle_id"], body["place_id"]) == (
        "rep-1",
        api.vehicle(1),
        "wh-1",
    )
    assert body["status"] == "performing"
    assert body["started_at"].endswith("Z") and len(body["started_at"]) == 24
    assert body["finished_at"] is None
    assert body["jobs"] == []
    assert "mileage_km_at_start" in body


def test_retry_answers_200_with_the_same_repair_and_creates_nothing(api):
    first = api.start_repair().get_json()

    again = api.start_repair()

    assert again.status_code == 200
    assert again.get_json() == first
    other = api.start_repair("r-2", vehicle_id=api.vehicle(2))
    assert error_of(other)["repair_id"] == "r-1"  # still exactly one active repair


def test_retry_after_the_repair_ended_still_answers_200(api):
    api.start_repair()
    api.end_repair(status="cancelled")

    again = api.start_repair()

    assert again.status_code == 200
    assert again.get_json()["status"] == "cancelled"


@pytest.mark.parametrize(
    "field,value",
    [
        ("performer_id", "rep-2"),
        ("vehicle_id", 9),
        ("place_id", "wh-2"),
    ],
)
def test_same_repair_id_with_other_parameters_is_idempotency_mismatch(api, field, value):
    factories.make_place("wh-2")
    api.start_repair()

    value = api.vehicle(value) if field == "vehicle_id" else value
    response = api.start_repair(**{field: value})

    assert response.status_code == 422
    assert error_of(response)["code"] == "idempotency_mismatch"
    assert error_of(response)["repair_id"] == "r-1"


def test_idempotency_is_recognised_before_references(api):
    api.start_repair()

    response = api.start_repair(performer_id="nobody")

    assert response.status_code == 422
    assert error_of(response)["code"] == "idempotency_mismatch"


def test_performer_with_an_active_repair_is_busy(api):
    api.start_repair("r-1", vehicle_id=api.vehicle(1))

    response = api.start_repair("r-2", vehicle_id=api.vehicle(2))

    assert response.status_code == 409
    assert error_of(response)["code"] == "performer_busy"
    assert error_of(response)["repair_id"] == "r-1"


def test_vehicle_in_someone_elses_repair_is_busy(api):
    api.start_repair("r-1", performer_id="rep-1")

    response = api.start_repair("r-2", performer_id="rep-2")

    assert response.status_code == 409
    assert error_of(response)["code"] == "vehicle_busy"
    assert error_of(response)["repair_id"] == "r-1"


def test_performer_and_vehicle_are_free_again_once_the_repair_ends(api):
    api.start_repair("r-1")
    api.end_repair("r-1", status="failed")

    assert api.start_repair("r-2").status_code == 201


@pytest.mark.parametrize(
    "performer_id,code",
    [
        ("nobody", "unknown_performer"),
        ("gone", "unknown_performer"),
    ],
)
def test_unknown_or_inactive_performer(api, performer_id, code):
    factories.make_user("gone", active=False)

    response = api.start_repair(performer_id=performer_id)

    assert response.status_code == 422
    assert error_of(response)["code"] == code


@pytest.mark.parametrize("place_id", ["nowhere", "closed"])
def test_unknown_or_inactive_place(api, place_id):
    factories.make_place("closed", active=False)

    response = api.start_repair(place_id=place_id)

    assert response.status_code == 422
    assert error_of(response)["code"] == "unknown_place"


def test_parameters_in_the_query_string_with_the_notes_aliases(api):
    response = api.post(
        "/api/repair/start",
        query={
            "repair-id": "q-1",
            "performer-id": "rep-1",
            "vehicle-id": api.vehicle(1),
            "place_id": "wh-1",
        },
    )

    assert response.status_code == 201
    assert response.get_json()["vehicle_id"] == api.vehicle(1)


BAD_STARTS = [
    ({"performer_id": "rep-1", "vehicle_id": "v", "place_id": "wh-1"}, "repair_id"),
    (
        {"repair_id": "r 1", "performer_id": "rep-1", "vehicle_id": "v", "place_id": "wh-1"},
        "repair_id",
    ),
    (
        {"repair_id": "x" * 65, "performer_id": "rep-1", "vehicle_id": "v", "place_id": "wh-1"},
        "repair_id",
    ),
    (
        {"repair_id": 17, "performer_id": "rep-1", "vehicle_id": "v", "place_id": "wh-1"},
        "repair_id",
    ),
    (
        {"repair_id": "r-1", "performer_id": " rep-1", "vehicle_id": "v", "place_id": "wh-1"},
        "performer_id",
    ),
    (
        {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": "", "place_id": "wh-1"},
        "vehicle_id",
    ),
    (
        {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": ["v"], "place_id": "wh-1"},
        "vehicle_id",
    ),
    (
        {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": "v\n", "place_id": "wh-1"},
        "vehicle_id",
    ),
    (
        {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": "v", "place_id": None},
        "place_id",
    ),
]


@pytest.mark.parametrize("payload,field", BAD_STARTS)
def test_malformed_fields_are_invalid_request_naming_the_field(api, payload, field):
    response = api.post("/api/repair/start", payload)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_request"
    assert error_of(response)["field"] == field


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_invalid_request(client, api, raw):
    response = client.post(
        "/api/repair/start", data=raw, headers=api.headers, content_type="application/json"
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_request"


def test_the_same_field_twice_with_different_values_is_invalid_request(api):
    response = api.post(
        "/api/repair/start",
        {
            "repair_id": "a",
            "repair-id": "b",
            "performer_id": "rep-1",
            "vehicle_id": "v",
            "place_id": "wh-1",
        },
    )

    assert response.status_code == 400
    assert error_of(response)["field"] == "repair_id"
