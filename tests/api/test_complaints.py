"""The complaints, stages, timeline and queue handles (docs/API.md, "Complaints and stages")."""

from __future__ import annotations

import pytest


@pytest.fixture
def scooter(api, workshop):
    return api.vehicle(3)


def complaint(scooter: str, **changes) -> dict:
    return {
        "complaint_id": "c-1",
        "vehicle_id": scooter,
        "source": "relocation_mission",
        "text": "сломана подножка",
        "reported_by": "mission-17",
        "reported_at": "2026-12-01T09:00:00+03:00",
    } | changes


def test_a_complaint_is_filed_once_and_listed(api, scooter):
    first = api.post("/api/complaints", complaint(scooter))
    again = api.post("/api/complaints", complaint(scooter))
    listed = api.get("/api/complaints", {"vehicle_id": scooter, "status": "open"})

    assert first.status_code == 201 and again.status_code == 200
    assert first.json == again.json
    assert first.json["status"] == "open"
    assert first.json["reported_at"] == "2026-12-01T06:00:00.000Z"
    assert [c["complaint_id"] for c in listed.json["complaints"]] == ["c-1"]
    assert api.get("/api/complaints", {"status": "resolved"}).json == {"complaints": []}


def test_the_same_complaint_id_with_another_complaint_is_refused(api, scooter):
    api.post("/api/complaints", complaint(scooter))
    other = api.post("/api/complaints", complaint(scooter, text="другое"))
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_mismatch"
    assert other.json["error"]["complaint_id"] == "c-1"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"source": "drive"}, "source"),  # Drive's complaints come by import only
        ({"reported_at": "yesterday"}, "reported_at"),
        ({"reported_at": "2026-12-01T09:00:00"}, "reported_at"),  # no offset
        ({"complaint_id": "with space"}, "complaint_id"),
        ({"vehicle_id": None}, "vehicle_id"),
    ],
)
def test_a_malformed_complaint_is_a_400_naming_the_field(api, scooter, changes, field):
    answer = api.post("/api/complaints", complaint(scooter, **changes))
    assert answer.status_code == 400
    assert answer.json["error"]["field"] == field


def test_a_complaint_may_name_the_scooter_by_its_plate(api, workshop, simulator):
    body = complaint("x", number="0421")
    del body["vehicle_id"]
    answer = api.post("/api/complaints", body)
    assert answer.status_code == 201
    assert answer.json["vehicle_id"] == simulator.fleet.by_number("0421").vehicle_id


def test_stages_are_recorded_once_and_make_the_timeline(api, scooter):
    api.post("/api/complaints", complaint(scooter))
    picked = {"event_id": "e-1", "vehicle_id": scooter, "stage": "picked_up", "by": "truck-2"}
    first, again = (
        api.post("/api/scooters/stages", picked),
        api.post("/api/scooters/stages", picked),
    )
    other = api.post("/api/scooters/stages", picked | {"stage": "back_on_street"})
    arrived = api.post(
        "/api/scooters/stages",
        {"event_id": "e-2", "vehicle_id": scooter, "stage": "arrived", "place_id": "wh-1"},
    )
    timeline = api.get("/api/scooters/timeline", {"vehicle_id": scooter})

    assert (first.status_code, again.status_code, arrived.status_code) == (201, 200, 201)
    assert other.json["error"]["code"] == "idempotency_mismatch"
    assert [e["kind"] for e in timeline.json["entries"]] == ["reported", "picked_up", "arrived"]
    assert timeline.json["entries"][0]["detail"]["text"] == "сломана подножка"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"stage": "left_unrepaired"}, 400, "invalid_request"),  # no reason
        ({"stage": "released"}, 400, "invalid_request"),  # only through a release
        ({"stage": "arrived", "place_id": "nowhere"}, 422, "unknown_place"),
        ({"stage": "picked_up", "at": "2099-01-01T00:00:00Z"}, 400, "invalid_request"),
    ],
)
def test_a_stage_that_cannot_be_is_refused(api, scooter, body, status, code):
    answer = api.post("/api/scooters/stages", {"event_id": "e-1", "vehicle_id": scooter} | body)
    assert (answer.status_code, answer.json["error"]["code"]) == (status, code)


def test_the_queues_follow_the_scooter(api, scooter):
    api.post("/api/complaints", complaint(scooter))
    pickup = api.get("/api/queues/pickup").json["scooters"]
    api.post(
        "/api/scooters/stages",
        {"event_id": "e-2", "vehicle_id": scooter, "stage": "arrived", "place_id": "wh-1"},
    )
    board = api.get("/api/queues/board", {"place_id": "wh-1"}).json
    api.start_repair(vehicle_id=scooter)
    in_repair = api.post(
        "/api/scooters/release",
        {"event_id": "e-3", "vehicle_id": scooter, "place_id": "wh-1", "by": "rep-1"},
    )
    api.post("/api/repair/end", {"repair_id": "r-1", "status": "cancelled"})
    released = api.post(
        "/api/scooters/release",
        {"event_id": "e-3", "vehicle_id": scooter, "place_id": "wh-1", "by": "rep-1"},
    )
    dropoff = api.get("/api/queues/dropoff", {"place_id": "wh-1"}).json["scooters"]

    assert [s["vehicle_id"] for s in pickup] == [scooter]
    assert [c["complaint_id"] for c in pickup[0]["complaints"]] == ["c-1"]
    assert [s["vehicle_id"] for s in board["waiting"]] == [scooter]
    assert (in_repair.status_code, in_repair.json["error"]["code"]) == (409, "vehicle_in_repair")
    assert released.status_code == 201 and released.json["stage"] == "released"
    assert [s["vehicle_id"] for s in dropoff] == [scooter]
    assert api.get("/api/queues/pickup").json["scooters"] == []


def test_the_board_of_an_unknown_warehouse_is_a_422(api, workshop):
    answer = api.get("/api/queues/board", {"place_id": "nowhere"})
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "unknown_place")


def test_a_complaint_is_rejected_once_and_a_resolved_one_is_not(api, scooter, app):
    api.post("/api/complaints", complaint(scooter))
    api.post("/api/complaints", complaint(scooter, complaint_id="c-2", text="другое"))
    first = api.post("/api/complaints/reject", {"complaint_id": "c-1"})
    again = api.post("/api/complaints/reject", {"complaint_id": "c-1"})
    with app.test_request_context():
        from app.complaints.records import close

        close(["c-2"], "resolved")
    resolved = api.post("/api/complaints/reject", {"complaint_id": "c-2"})
    missing = api.post("/api/complaints/reject", {"complaint_id": "nope"})

    assert (first.status_code, first.json["status"]) == (200, "rejected")
    assert again.json == first.json
    assert (resolved.status_code, resolved.json["error"]["code"]) == (409, "complaint_closed")
    assert missing.status_code == 404


def test_a_malformed_number_beside_a_vehicle_id_is_refused_not_ignored(api, scooter):
    filed = api.post("/api/complaints", complaint(scooter, number="0" + "*" * 64))
    listed = api.get("/api/complaints", {"vehicle_id": scooter, "number": "\x03:"})

    assert (filed.status_code, filed.json["error"]["field"]) == (400, "number")
    assert (listed.status_code, listed.json["error"]["field"]) == (400, "number")
    assert api.get("/api/complaints", {"vehicle_id": scooter}).json == {"complaints": []}
