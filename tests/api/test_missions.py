"""Field missions through the API (issue 15, item 5): create, work each point, confirm."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workshop")


def error_of(response) -> dict:
    return response.get_json()["error"]


def create(api, mission_id="m-1", performer_id="rep-1", vehicles=(1, 2, 3)):
    points = [{"vehicle_id": api.vehicle(n)} for n in vehicles]
    body = {"mission_id": mission_id, "performer_id": performer_id, "place_id": "wh-1"}
    return api.post("/api/missions", body | {"points": points})


def start_at(api, repair_id, n, mission_id="m-1", performer_id="rep-1"):
    return api.post(
        "/api/repair/start",
        {
            "repair_id": repair_id,
            "performer_id": performer_id,
            "vehicle_id": api.vehicle(n),
            "mission_id": mission_id,
        },
    )


def test_a_mission_is_created_once_whatever_the_retries(api):
    first = create(api)
    again = create(api)
    other = create(api, vehicles=(1, 2))

    assert first.status_code == 201
    mission = first.get_json()
    assert mission["status"] == "open"
    assert [(p["position"], p["vehicle_id"], p["status"]) for p in mission["points"]] == [
        (n, api.vehicle(n), "pending") for n in (1, 2, 3)
    ]
    assert again.status_code == 200 and again.get_json() == mission
    assert other.status_code == 422
    assert error_of(other)["code"] == "idempotency_mismatch"
    assert api.get("/api/missions/m-1").get_json() == mission
    assert api.get("/api/missions/nope").status_code == 404


@pytest.mark.parametrize(
    "points",
    [[], "x", [{"vehicle_id": ""}], [{"vehicle": "v"}], [{"vehicle_id": "a"}, {"vehicle_id": "a"}]],
)
def test_malformed_points_are_refused(api, points):
    body = {"mission_id": "m-1", "performer_id": "rep-1", "place_id": "wh-1", "points": points}

    response = api.post("/api/missions", body)

    assert response.status_code == 400
    assert error_of(response)["field"] == "points"
    assert api.get("/api/missions/m-1").status_code == 404


def test_three_points_done_failed_skipped_then_confirmed(api):
    create(api)
    started = start_at(api, "f-1", 1)
    assert started.status_code == 201
    repair = started.get_json()
    assert repair["mission_id"] == "m-1" and repair["place_id"] == "wh-1"
    api.start_job("fj-1", "f-1")
    api.end_job("fj-1")
    api.end_repair("f-1")
    early = api.post("/api/missions/m-1/confirm")
    assert early.status_code == 409
    assert error_of(early)["code"] == "points_pending"
    assert error_of(early)["positions"] == [2, 3]
    start_at(api, "f-2", 2)
    api.post("/api/repair/end", {"repair_id": "f-2", "status": "failed", "comment": "frame bent"})
    start_at(api, "f-3", 3)
    api.end_repair("f-3", status="cancelled")

    closed = api.post("/api/missions/m-1/confirm")

    assert closed.status_code == 200
    mission = closed.get_json()
    assert mission["status"] == "closed" and mission["closed_at"]
    assert [(p["status"], p["repair_id"]) for p in mission["points"]] == [
        ("done", "f-1"),
        ("failed", "f-2"),
        ("skipped", "f-3"),
    ]
    assert api.post("/api/missions/m-1/confirm").status_code == 200  # a retry
    kinds = [e["kind"] for e in api.get("/api/events", {"limit": 500}).get_json()["events"]]
    assert kinds[0] == "mission.created"
    assert kinds.count("mission.point_ended") == 3
    assert kinds[-1] == "mission.confirmed"


def test_a_point_is_worked_only_by_its_performer_while_it_is_pending(api):
    create(api)
    other = start_at(api, "f-x", 1, performer_id="rep-2")
    assert other.status_code == 403
    assert error_of(other)["code"] == "not_your_mission"
    stranger = start_at(api, "f-y", 4)
    assert stranger.status_code == 422
    assert error_of(stranger)["code"] == "not_a_point"
    start_at(api, "f-1", 1)
    api.end_repair("f-1", status="cancelled")
    again = start_at(api, "f-2", 1)
    assert again.status_code == 409
    assert error_of(again)["code"] == "point_finished"
    assert start_at(api, "f-1", 1).status_code == 200  # the first start, retried
    missing = start_at(api, "f-3", 2, mission_id="nope")
    assert missing.status_code == 404


def test_a_closed_mission_takes_no_more_repairs(api):
    create(api, vehicles=(1,))
    start_at(api, "f-1", 1)
    api.end_repair("f-1", status="cancelled")
    assert api.post("/api/missions/m-1/confirm").status_code == 200

    late = start_at(api, "f-2", 1)

    assert late.status_code == 409
    assert error_of(late)["code"] == "mission_closed"


def test_a_start_names_a_place_or_a_mission_not_both(api):
    create(api)
    both = api.post(
        "/api/repair/start",
        {
            "repair_id": "r-1",
            "performer_id": "rep-1",
            "vehicle_id": api.vehicle(1),
            "place_id": "wh-1",
            "mission_id": "m-1",
        },
    )
    neither = api.post(
        "/api/repair/start",
        {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": api.vehicle(1)},
    )

    assert both.status_code == 400 and neither.status_code == 400
    assert api.start_repair().get_json()["mission_id"] is None  # a warehouse repair
