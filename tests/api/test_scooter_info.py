"""GET /api/scooter/info: Drive's live data joined with our records, whatever Drive does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workshop")


@pytest.fixture
def complaining(simulator):
    """A scooter of the demo fleet with `broken` complaints from support."""
    return next(
        s for s in simulator.scooters() if not s.offline and any(t.tag == "broken" for t in s.tags)
    )


def test_info_by_vehicle_id_shows_drives_data(api, complaining):
    response = api.get("/api/scooter/info", {"vehicle_id": complaining.vehicle_id})

    assert response.status_code == 200
    body = response.get_json()
    assert body["vehicle_id"] == complaining.vehicle_id
    assert body["number"] == complaining.number
    assert body["model"] == complaining.model
    assert body["mileage_km"] == complaining.mileage_km
    assert body["battery_percent"] == complaining.battery_percent
    assert body["firmware"] == complaining.firmware
    comments = [
        t.comment
        for t in sorted(complaining.tags, key=lambda t: t.created_at, reverse=True)
        if t.tag == "broken"
    ]
    assert [b["comment"] for b in body["broken"]] == comments
    assert body["drive"] == {"ok": True}
    assert body["active_repair"] is None and body["last_repair"] is None


def test_info_by_plate_number_and_by_the_notes_alias(api, complaining):
    by_number = api.get("/api/scooter/info", {"number": complaining.number}).get_json()
    by_alias = api.get("/api/scooter/info", {"vehicle-id": complaining.vehicle_id}).get_json()

    assert by_number["vehicle_id"] == by_alias["vehicle_id"] == complaining.vehicle_id


def test_info_shows_the_active_repair(api):
    api.start_repair()

    body = api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)}).get_json()

    assert body["active_repair"]["repair_id"] == "r-1"
    assert body["active_repair"]["status"] == "performing"


def test_unknown_vehicle_is_404(api):
    response = api.get("/api/scooter/info", {"vehicle_id": "no-such-scooter"})

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_neither_id_nor_number_is_invalid_request(api):
    response = api.get("/api/scooter/info")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize(
    "mode,kind",
    [
        ("down", "unavailable"),
        ("timeout", "timeout"),
        ("garbage", "bad_response"),
        ("error500", "bad_response"),
    ],
)
def test_drive_failing_still_answers_with_our_records(api, simulator, mode, kind):
    api.start_repair()  # Drive is fine now: we learn the scooter's number
    number = simulator.scooter(api.vehicle(1)).number
    simulator.set_faults(mode)

    response = api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)})

    assert response.status_code == 200
    body = response.get_json()
    assert body["drive"] == {"ok": False, "error": kind}
    assert body["number"] == number  # known from our own records
    assert body["model"] is None and body["mileage_km"] is None and body["firmware"] is None
    assert body["broken"] is None and body["battery_percent"] is None
    assert body["active_repair"]["repair_id"] == "r-1"


def test_a_number_never_seen_cannot_be_resolved_while_drive_is_down(api, simulator):
    simulator.set_faults("down")

    response = api.get("/api/scooter/info", {"number": "0421"})

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "drive_unavailable"
