"""POST /api/scooter/control and GET /api/audit/control: every attempt leaves one audit row."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ControlCommand
from tests import factories

pytestmark = pytest.mark.usefixtures("workshop")


@pytest.fixture
def on_shift(api, workshop):
    response = api.post("/api/shift/start", {"performer_id": "rep-1", "place_id": "wh-1"})
    assert response.status_code == 200


def control(api, action="open_lock", vehicle_id=None, performer_id="rep-1"):
    return api.post(
        "/api/scooter/control",
        {
            "vehicle_id": vehicle_id or api.vehicle(1),
            "action": action,
            "performer_id": performer_id,
        },
    )


def in_repair(api, vehicle_id=None, performer_id="rep-1", repair_id=None, place_id="wh-1"):
    """Start a repair of the scooter for the performer: commands go only to a scooter in repair."""
    vehicle_id = vehicle_id or api.vehicle(1)
    response = api.start_repair(
        repair_id or f"r-{performer_id}", performer_id, vehicle_id, place_id
    )
    assert response.status_code == 201, response.get_json()


def audit_rows() -> list[ControlCommand]:
    db.session.expire_all()
    return list(db.session.scalars(select(ControlCommand).order_by(ControlCommand.id)))


@pytest.mark.usefixtures("on_shift")
def test_a_command_runs_and_the_scooter_follows(api, simulator):
    api.start_repair()

    response = control(api, "open_lock")

    assert response.status_code == 200
    body = response.get_json()
    assert (body["vehicle_id"], body["action"], body["outcome"]) == (
        api.vehicle(1),
        "open_lock",
        "ok",
    )
    assert simulator.state(api.vehicle(1)).lock_open is True
    [row] = audit_rows()
    assert row.id == body["audit_id"]
    assert (row.outcome, row.error, row.repair_id, row.performer_id) == ("ok", None, "r-1", "rep-1")
    assert row.finished_at >= row.requested_at


@pytest.mark.usefixtures("on_shift")
def test_self_test_returns_the_scooters_faults(api, simulator):
    faulty = next(s for s in simulator.scooters() if s.findings and not s.offline)
    in_repair(api, faulty.vehicle_id)

    body = control(api, "self_test", vehicle_id=faulty.vehicle_id).get_json()

    assert body["result"]["passed"] is False
    assert {e["code"] for e in body["result"]["errors"]} == {f.code for f in faulty.findings}


def test_not_on_shift_is_denied_and_logged_and_nothing_is_sent(api, simulator):
    response = control(api)

    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "not_on_shift"
    [row] = audit_rows()
    assert (row.id, row.outcome, row.error) == (error["audit_id"], "denied", "not_on_shift")
    assert simulator.commands() == []


@pytest.mark.usefixtures("on_shift")
def test_a_scooter_in_another_repairers_repair_is_not_commanded(api, simulator):
    factories.make_place("wh-2", "Склад Юг")
    in_repair(api, performer_id="rep-2", place_id="wh-2")  # rep-2's repair, another warehouse

    response = control(api, "open_lock")

    assert response.status_code == 403
    error = response.get_json()["error"]
    assert (error["code"], error["outcome"]) == ("not_in_repair", "denied")
    [row] = audit_rows()
    assert (row.id, row.outcome, row.error) == (error["audit_id"], "denied", "not_in_repair")
    assert (row.performer_id, row.vehicle_id, row.repair_id) == ("rep-1", api.vehicle(1), None)
    assert simulator.commands() == []
    assert simulator.state(api.vehicle(1)).lock_open is False


@pytest.mark.usefixtures("on_shift")
@pytest.mark.parametrize("repair", ["none", "another scooter", "ended"])
def test_only_the_scooter_of_the_performers_own_repair_in_progress_is_commanded(
    api, simulator, repair
):
    if repair == "another scooter":
        in_repair(api, api.vehicle(2))
    elif repair == "ended":
        in_repair(api, repair_id="r-1")
        assert api.end_repair("r-1", "cancelled").status_code == 200

    response = control(api, "unblock_wheel")

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "not_in_repair"
    assert [(r.outcome, r.error) for r in audit_rows()] == [("denied", "not_in_repair")]
    assert simulator.commands() == []


def test_the_shift_rule_can_be_turned_off(app, api, simulator):
    app.config["CONTROL_REQUIRE_SHIFT"] = False
    in_repair(api)

    assert control(api, "headlight_on").status_code == 200
    assert simulator.state(api.vehicle(1)).headlight_on is True


@pytest.mark.usefixtures("on_shift")
@pytest.mark.parametrize(
    "payload,status,code",
    [
        ({"action": "self_destruct"}, 422, "unknown_action"),
        ({"performer_id": "stranger"}, 422, "unknown_performer"),
        ({"vehicle_id": " padded "}, 400, "invalid_request"),
        ({"action": None}, 400, "invalid_request"),
    ],
)
def test_bad_input_is_refused_and_not_audited(api, simulator, payload, status, code):
    body = {"vehicle_id": api.vehicle(1), "action": "open_lock", "performer_id": "rep-1"}

    response = api.post("/api/scooter/control", body | payload)

    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert audit_rows() == []
    assert simulator.commands() == []


@pytest.mark.usefixtures("on_shift")
def test_unknown_vehicle_is_422_and_audited_failed(api, simulator):
    simulator.set_faults("down")  # a repair starts while Drive is down, whatever the scooter
    in_repair(api, "no-such-scooter")
    simulator.clear_faults()

    response = control(api, vehicle_id="no-such-scooter")

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_vehicle"
    [row] = audit_rows()
    assert (row.outcome, row.error) == ("failed", "unknown_vehicle")


@pytest.mark.usefixtures("on_shift")
@pytest.mark.parametrize(
    "mode,status,code,outcome,received",
    [
        ("down", 503, "drive_unavailable", "failed", 0),
        ("timeout", 504, "drive_timeout", "unknown", 1),
        ("error500", 502, "drive_error", "failed", 1),
        ("garbage", 502, "drive_error", "unknown", 1),
        ("reset", 502, "drive_error", "unknown", 1),
    ],
)
def test_each_drive_failure_maps_to_its_status_and_outcome(
    api, simulator, mode, status, code, outcome, received
):
    in_repair(api)
    simulator.set_faults(mode)

    response = control(api, "block_wheel")

    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["outcome"] == outcome
    [row] = audit_rows()
    assert (row.id, row.outcome, row.error) == (error["audit_id"], outcome, code)
    assert row.finished_at is not None
    # Never retried: the simulator saw the command at most once.
    assert simulator.request_count("POST", "/api/taxi/car/control") == received


@pytest.mark.usefixtures("on_shift")
def test_drive_refusing_an_offline_scooter_is_502_with_drives_reason(api, simulator):
    offline = next(s for s in simulator.scooters() if s.offline)
    in_repair(api, offline.vehicle_id)

    response = control(api, vehicle_id=offline.vehicle_id)

    assert response.status_code == 502
    assert "car_offline" in response.get_json()["error"]["detail"]
    [row] = audit_rows()
    assert row.outcome == "failed" and "car_offline" in row.detail


@pytest.mark.usefixtures("on_shift")
def test_audit_log_lists_newest_first_and_filters(api):
    api.post("/api/shift/start", {"performer_id": "rep-2", "place_id": "wh-1"})
    in_repair(api, repair_id="r-1")
    control(api, "headlight_on")
    api.end_repair("r-1", "cancelled")
    in_repair(api, api.vehicle(2), repair_id="r-2")
    control(api, "headlight_off", vehicle_id=api.vehicle(2))
    in_repair(api, performer_id="rep-2")
    control(api, "self_test", performer_id="rep-2")

    every = api.get("/api/audit/control").get_json()["entries"]
    mine = api.get("/api/audit/control", {"performer_id": "rep-1"}).get_json()["entries"]
    scooter = api.get("/api/audit/control", {"vehicle_id": api.vehicle(1)}).get_json()["entries"]
    one = api.get("/api/audit/control", {"limit": "1"}).get_json()["entries"]

    assert [e["action"] for e in every] == ["self_test", "headlight_off", "headlight_on"]
    assert [e["action"] for e in mine] == ["headlight_off", "headlight_on"]
    assert [e["action"] for e in scooter] == ["self_test", "headlight_on"]
    assert [e["action"] for e in one] == ["self_test"]
    assert set(every[0]) >= {
        "audit_id",
        "performer_id",
        "vehicle_id",
        "repair_id",
        "action",
        "outcome",
        "error",
        "requested_at",
        "finished_at",
    }
    assert db.session.scalar(select(func.count()).select_from(ControlCommand)) == 3
