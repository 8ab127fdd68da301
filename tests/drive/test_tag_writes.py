"""Tag writes: the client's add_tag/remove_tag against the simulator, in-process and over HTTP.

Each write is applied once per request id, however often it is sent; removing a tag that is
not there is a success; failures are the same typed errors as a command's.
"""

from __future__ import annotations

import pytest
import requests

from app.drive import DriveClient, DriveError, DriveNotFound, DriveRefused, DriveTimeout, Simulator
from app.drive.simulator import TAG_ADD_PATH, TAG_REMOVE_PATH
from tests.drive.test_simulator_http import http_client, served_simulator  # noqa: F401


def _broken(simulator: Simulator, car_id: str) -> list[dict]:
    return [t for t in simulator.current_tags(car_id) if t["tag"] == "broken"]


def test_details_give_every_tag_a_stable_id(drive_simulator: Simulator, sim_client) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    first = drive_simulator.current_tags(car_id)
    assert len({t["tag_id"] for t in first}) == len(first) >= 2
    assert Simulator(drive_simulator.store.path).current_tags(car_id) == first


def test_remove_then_add_once_per_request_id(drive_simulator: Simulator, sim_client) -> None:
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    complaint = _broken(drive_simulator, car_id)[0]
    for _ in range(3):
        # The same request sent again gets the first answer again: it removed the tag.
        assert sim_client.remove_tag(car_id, complaint["tag_id"], "release-1:remove") is True
    assert complaint["tag_id"] not in [t["tag_id"] for t in drive_simulator.current_tags(car_id)]
    # Another request removing the same tag: a success that changes nothing.
    assert sim_client.remove_tag(car_id, complaint["tag_id"], "release-2:remove") is False
    ids = {sim_client.add_tag(car_id, "ready_for_deployment", "repair 7", "r-1:ready")}
    ids.add(sim_client.add_tag(car_id, "ready_for_deployment", "repair 7", "r-1:ready"))
    ready = [t for t in drive_simulator.current_tags(car_id) if t["tag"] == "ready_for_deployment"]
    assert [t["tag_id"] for t in ready] == list(ids)
    assert ready[0]["comment"] == "repair 7"
    writes = [(w.op, w.applied) for w in drive_simulator.tag_writes(car_id)]
    assert writes == [("remove", True), ("remove", False), ("add", True)]


def test_unknown_car_and_bad_requests(drive_simulator: Simulator, sim_client) -> None:
    with pytest.raises(DriveNotFound):
        sim_client.remove_tag("no-such-car", "t-1", "r-1")
    with pytest.raises(DriveNotFound):
        sim_client.add_tag("no-such-car", "ready_for_deployment", None, "r-2")
    car_id = drive_simulator.scooter(number="0007").vehicle_id
    with pytest.raises(DriveRefused) as caught:
        sim_client.add_tag(car_id, "", "x", "r-3")
    assert caught.value.detail == "bad_request" and caught.value.http_status == 400
    with pytest.raises(DriveRefused):
        sim_client.add_tag(car_id, "ready_for_deployment", "x" * 1001, "r-4")
    assert drive_simulator.tag_writes() == []


@pytest.mark.parametrize("mode", ["down", "error500"])
def test_a_write_that_did_not_reach_drive_changes_nothing(
    drive_simulator: Simulator, sim_client, mode: str
) -> None:
    car_id = drive_simulator.scooter(number="0007").vehicle_id
    drive_simulator.set_faults(mode, scope="commands")
    with pytest.raises(DriveError) as caught:
        sim_client.add_tag(car_id, "ready_for_deployment", None, "r-1")
    assert caught.value.outcome_unknown is False
    drive_simulator.clear_faults()
    assert drive_simulator.tag_writes(car_id) == []


def test_lost_confirmation_then_retry_is_applied_once_over_http(
    drive_simulator: Simulator,
    served_simulator: str,  # noqa: F811
) -> None:
    client: DriveClient = http_client(served_simulator)
    car_id = drive_simulator.scooter(number="0421").vehicle_id
    drive_simulator.set_faults("slow", latency=1.5, scope="commands")
    with pytest.raises(DriveTimeout) as caught:
        client.add_tag(car_id, "ready_for_deployment", "repair 7", "r-9:ready")
    assert caught.value.outcome_unknown is True
    drive_simulator.clear_faults()
    tag_id = client.add_tag(car_id, "ready_for_deployment", "repair 7", "r-9:ready")
    ready = [t for t in drive_simulator.current_tags(car_id) if t["tag"] == "ready_for_deployment"]
    assert [t["tag_id"] for t in ready] == [tag_id]
    assert [w.applied for w in drive_simulator.tag_writes(car_id)] == [True]


def test_tag_handles_refuse_other_methods_over_http(served_simulator: str) -> None:  # noqa: F811
    for path in (TAG_ADD_PATH, TAG_REMOVE_PATH):
        answer = requests.get(served_simulator + path, timeout=2)
        assert answer.status_code == 405
        answer = requests.post(served_simulator + path, data=b"not json", timeout=2)
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "bad_request"
