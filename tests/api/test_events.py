"""The events feed (issue 15, item 4): what a polling bot reads, in order, page by page."""

from __future__ import annotations

import base64

import pytest

from app.events.kinds import EventKind

pytestmark = pytest.mark.usefixtures("workshop")


@pytest.fixture(autouse=True)
def scooters_read(api):
    """The scooters these tests use, read once: their Drive `broken` tags are imported (and
    told as `complaint.filed`) before a test begins, and its reads start after them."""
    for n in range(1, 6):
        api.get("/api/scooter/info", {"vehicle_id": api.vehicle(n)})
    api.events_start = read_all(api, after="")[1]


def read_all(api, limit: int = 100, after: str | None = None) -> tuple[list[dict], str]:
    """Every event after `after` (by default, after the test's set-up), page by page, and
    the cursor to go on with."""
    after = getattr(api, "events_start", None) if after is None else after or None
    events: list[dict] = []
    while True:
        query = {"limit": limit} | ({"after": after} if after else {})
        page = api.get("/api/events", query).get_json()
        events += page["events"]
        after = page["next"]
        if not page["has_more"]:
            return events, after


def test_a_repair_from_start_to_end_is_told_in_order(api):
    api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})
    api.start_repair()
    api.start_job("j-1")
    api.start_job("j-2", job_type="brake_cable")
    command = api.post(
        "/api/scooter/control",
        {"vehicle_id": api.vehicle(1), "action": "open_deck", "performer_id": "rep-1"},
    )
    assert command.status_code == 200
    api.post("/api/repair-job/end", {"job_id": "j-1", "status": "failed", "comment": "no part"})
    api.end_job("j-2")
    api.post("/api/repair/end", {"repair_id": "r-1", "comment": "brakes done"})

    events, _ = read_all(api)

    assert [e["kind"] for e in events] == [
        "repair.started",
        "job.started",
        "job.started",
        "command.sent",
        "command.settled",
        "job.ended",
        "job.ended",
        "repair.ended",
    ]
    assert {e["repair_id"] for e in events} == {"r-1"}
    assert {e["vehicle_id"] for e in events} == {api.vehicle(1)}
    assert events[1]["job_id"] == "j-1" and events[1]["data"] == {"type": "grips"}
    assert events[4]["data"]["outcome"] == "ok"
    assert events[4]["data"]["action"] == "open_deck"
    assert events[5]["data"] == {"type": "grips", "status": "failed", "comment": "no part"}
    assert events[7]["data"] == {"status": "completed", "comment": "brakes done"}


def test_jobs_cancelled_by_the_repairs_end_are_told_too(api):
    api.start_repair()
    api.start_job("j-1")
    api.end_repair(status="cancelled")

    kinds = [(e["kind"], e["data"].get("status")) for e in read_all(api)[0]]

    assert kinds[-2:] == [("job.ended", "cancelled"), ("repair.ended", "cancelled")]


def test_a_refused_write_tells_nothing_and_a_replay_tells_nothing_twice(api):
    api.start_repair()
    busy = api.start_repair("r-2", vehicle_id=api.vehicle(2))  # rep-1 is busy
    assert busy.status_code == 409
    assert api.start_repair().status_code == 200  # a retry
    api.start_job("j-1")
    api.end_job("j-1")
    api.end_job("j-1")  # a retry

    kinds = [e["kind"] for e in read_all(api)[0]]

    assert kinds == ["repair.started", "job.started", "job.ended"]


def test_a_denied_command_is_told_sent_and_settled_denied(api):
    response = api.post(
        "/api/scooter/control",
        {"vehicle_id": api.vehicle(1), "action": "open_deck", "performer_id": "rep-1"},
    )
    assert response.status_code == 403

    events = read_all(api)[0]

    assert [e["kind"] for e in events] == ["command.sent", "command.settled"]
    assert events[1]["data"]["outcome"] == "denied"
    assert events[1]["data"]["audit_id"] == response.get_json()["error"]["audit_id"]


def test_pages_are_bounded_and_a_cursor_goes_on_where_it_stopped(api):
    for n in range(5):
        api.start_repair(f"r-{n}", vehicle_id=api.vehicle(n + 1), performer_id="rep-1")
        api.end_repair(f"r-{n}", status="cancelled")

    first = api.get("/api/events", {"limit": 3, "after": api.events_start}).get_json()
    assert len(first["events"]) == 3 and first["has_more"] is True
    rest, last_cursor = read_all(api, limit=3, after=first["next"])
    assert len(rest) == 7
    ids = [e["repair_id"] for e in first["events"] + rest]
    assert ids == [f"r-{n}" for n in range(5) for _ in range(2)]

    empty = api.get("/api/events", {"after": last_cursor}).get_json()
    assert empty == {"events": [], "next": last_cursor, "has_more": False}
    api.start_repair("r-9", vehicle_id=api.vehicle(1))
    new = api.get("/api/events", {"after": last_cursor}).get_json()["events"]
    assert [(e["kind"], e["repair_id"]) for e in new] == [("repair.started", "r-9")]
    again = api.get("/api/events", {"after": first["events"][0]["cursor"], "limit": 1})
    assert again.get_json()["events"][0] == first["events"][1]


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"after": "garbage"}, "invalid_cursor", "after"),
        ({"after": "ZXYxOjEy="}, "invalid_request", "after"),
        ({"after": ""}, "invalid_request", "after"),
        ({"limit": "0"}, "invalid_request", "limit"),
        ({"limit": "501"}, "invalid_request", "limit"),
        ({"since": "x"}, "unknown_parameter", "since"),
    ],
)
def test_bad_cursor_or_limit_is_a_400_naming_the_field(api, query, code, field):
    response = api.get("/api/events", query)

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["field"] == field


def test_a_cursor_of_another_shape_is_refused(api):
    forged = base64.urlsafe_b64encode(b"ev1:-1").decode().rstrip("=")
    response = api.get("/api/events", {"after": forged})

    assert response.get_json()["error"]["code"] == "invalid_cursor"


def test_the_feed_needs_a_token(client):
    assert client.get("/api/events").status_code == 401


def test_every_kind_is_in_the_openapi_enum(client):
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Event"]

    assert schema["properties"]["kind"]["enum"] == [kind.value for kind in EventKind]


def test_complaints_and_a_scooters_way_are_told_once_each(api):
    scooter = api.vehicle(3)
    filed = {
        "complaint_id": "c-1",
        "vehicle_id": scooter,
        "source": "user_support",
        "text": "скрипят тормоза",
    }
    api.post("/api/complaints", filed)
    api.post("/api/complaints", filed)  # the bot's retry: no second event
    api.post("/api/complaints", filed | {"complaint_id": "c-2", "text": "не горит фара"})
    api.post("/api/complaints/reject", {"complaint_id": "c-2"})
    arrived = {"event_id": "e-1", "vehicle_id": scooter, "stage": "arrived", "place_id": "wh-1"}
    api.post("/api/scooters/stages", arrived)
    api.post("/api/scooters/stages", arrived)
    release = {"event_id": "e-2", "vehicle_id": scooter, "place_id": "wh-1", "by": "rep-1"}
    assert api.post("/api/scooters/release", release).status_code == 201

    events, _ = read_all(api)
    told = [e for e in events if e["kind"].split(".")[0] in ("complaint", "scooter")]

    assert [(e["kind"], e["data"].get("complaint_id") or e["data"]["event_id"]) for e in told] == [
        ("complaint.filed", "c-1"),
        ("complaint.filed", "c-2"),
        ("complaint.rejected", "c-2"),
        ("scooter.stage", "e-1"),
        ("scooter.released", "e-2"),
    ]
    assert {e["vehicle_id"] for e in told} == {scooter}
    assert told[0]["data"] == {
        "complaint_id": "c-1",
        "source": "user_support",
        "text": "скрипят тормоза",
    }
    assert told[3]["data"] == {
        "event_id": "e-1",
        "stage": "arrived",
        "place_id": "wh-1",
        "reason": None,
    }
