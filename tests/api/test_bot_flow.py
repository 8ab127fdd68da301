"""What the chat bot needs (issue 15): its reads, reasons on ends, and no silent trap.

The last test plays the note's bot flow end to end through the API alone, with a bot restart in
the middle that recovers the user's active repair from the API.
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.support.http import ApiClient

pytestmark = pytest.mark.usefixtures("workshop")


def error_of(response) -> dict:
    return response.get_json()["error"]


def test_places_lists_active_warehouses_only(api):
    factories.make_place("wh-2", name="Склад Юг")
    factories.make_place("wh-old", name="Старый склад", active=False)

    response = api.get("/api/places")

    assert response.status_code == 200
    places = response.get_json()["places"]
    assert [p["place_id"] for p in places] == ["wh-1", "wh-2"]
    assert places[1]["name"] == "Склад Юг"
    assert places[1]["timezone"] == "Europe/Moscow"


def test_job_types_have_names_in_both_languages(api):
    types = api.get("/api/job-types").get_json()["job_types"]

    grips = next(t for t in types if t["code"] == "grips")
    assert grips["name"] and grips["name_en"] and grips["name"] != grips["name_en"]


def test_a_repair_is_read_by_its_id(api):
    api.start_repair()
    api.start_job("j-1")

    body = api.get("/api/repair", {"repair_id": "r-1"}).get_json()

    assert body["repair_id"] == "r-1"
    assert body["status"] == "performing"
    assert [j["job_id"] for j in body["jobs"]] == ["j-1"]
    missing = api.get("/api/repair", {"repair_id": "nope"})
    assert missing.status_code == 404
    assert error_of(missing)["code"] == "not_found"


def test_a_performers_active_repair_or_404(api):
    none_yet = api.get("/api/performers/rep-1/active-repair")
    assert none_yet.status_code == 404
    assert error_of(none_yet)["code"] == "no_active_repair"

    api.start_repair()

    body = api.get("/api/performers/rep-1/active-repair").get_json()
    assert body["repair_id"] == "r-1"
    assert api.get("/api/performers/rep-2/active-repair").status_code == 404
    unknown = api.get("/api/performers/ghost/active-repair")
    assert unknown.status_code == 422
    assert error_of(unknown)["code"] == "unknown_performer"


def test_history_by_plate_number(api, simulator):
    api.start_repair()
    api.start_job("j-1")
    api.end_job("j-1")
    api.end_repair()
    number = simulator.scooter(api.vehicle(1)).number

    body = api.get("/api/scooter/repair-history", {"number": number}).get_json()

    assert body["vehicle_id"] == api.vehicle(1)
    assert [r["repair_id"] for r in body["repairs"]] == ["r-1"]


def test_a_reason_given_on_ending_is_kept_and_shown_in_the_history(api):
    api.start_repair()
    api.start_job("j-1")
    job = api.post(
        "/api/repair-job/end", {"job_id": "j-1", "status": "failed", "comment": "no spare part"}
    )
    assert job.get_json()["comment"] == "no spare part"

    repair = api.post(
        "/api/repair/end", {"repair_id": "r-1", "status": "failed", "comment": "wheel cracked"}
    )

    assert repair.status_code == 200
    assert repair.get_json()["comment"] == "wheel cracked"
    history = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1)}).get_json()
    entry = history["repairs"][0]
    assert entry["comment"] == "wheel cracked"
    assert entry["jobs"][0]["comment"] == "no spare part"


def test_a_comment_must_be_text_of_bounded_length(api):
    api.start_repair()
    too_long = api.post("/api/repair/end", {"repair_id": "r-1", "comment": "x" * 2001})
    assert too_long.status_code == 400
    assert error_of(too_long)["field"] == "comment"
    not_text = api.post("/api/repair/end", {"repair_id": "r-1", "comment": 5})
    assert not_text.status_code == 400
    control = api.post("/api/repair/end", {"repair_id": "r-1", "comment": "bell\u0007"})
    assert error_of(control)["field"] == "comment"
    ended = api.post(
        "/api/repair/end",
        {"repair_id": "r-1", "status": "cancelled", "comment": "  line one\nline two\t "},
    )
    assert ended.get_json()["comment"] == "line one\nline two"


def test_a_malformed_number_is_refused_even_next_to_a_vehicle_id(api):
    response = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1), "number": ""})

    assert response.status_code == 400
    assert error_of(response)["field"] == "number"


def test_a_command_on_a_read_handle_is_refused_and_names_the_control_handle(api):
    response = api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1), "action": "open_deck"})

    assert response.status_code == 400
    assert error_of(response)["code"] == "use_control_handle"
    assert "POST /api/scooter/control" in error_of(response)["message"]
    audit = api.get("/api/audit/control", {"vehicle_id": api.vehicle(1)}).get_json()
    assert audit["entries"] == []


def test_an_unknown_parameter_is_refused_by_name(api):
    response = api.get("/api/scooter/repair-history", {"vehicle_id": api.vehicle(1), "limt": "5"})

    assert response.status_code == 400
    assert error_of(response)["code"] == "unknown_parameter"
    assert "limt" in error_of(response)["message"]
    typo = api.post("/api/repair/start", {"repair_id": "r-1", "performer": "rep-1"})
    assert error_of(typo)["code"] == "unknown_parameter"
    assert api.get("/api/repair", {"repair_id": "r-1"}).status_code == 404  # nothing started


def test_the_bot_flow_end_to_end_with_a_restart(client, vehicle_ids, simulator):
    """place -> scooter by number -> start -> jobs by type -> command -> end with a reason ->
    history; the bot forgets everything in the middle and recovers from the API."""
    token = factories.make_token("chat-bot")
    bot = ApiClient(client, token, vehicle_ids)
    places = bot.get("/api/places").get_json()["places"]
    place_id = places[0]["place_id"]
    number = simulator.scooter(vehicle_ids[1]).number
    scooter = bot.get("/api/scooter/info", {"number": number}).get_json()
    assert scooter["active_repair"] is None
    shift = bot.post("/api/shift/start", {"performer_id": "rep-1", "place_id": place_id})
    assert shift.status_code == 200
    started = bot.post(
        "/api/repair/start",
        {
            "repair_id": "bot-r-1",
            "performer_id": "rep-1",
            "vehicle_id": scooter["vehicle_id"],
            "place_id": place_id,
        },
    )
    assert started.status_code == 201
    types = {t["name_en"]: t["code"] for t in bot.get("/api/job-types").get_json()["job_types"]}
    assert (
        bot.post(
            "/api/repair-job/start", {"repair_id": "bot-r-1", "job_id": "bot-j-1", "type": "grips"}
        ).status_code
        == 201
    )
    assert "grips" in types.values()

    # The bot restarts: it knows only its user's performer id.
    bot = ApiClient(client, token, [])
    active = bot.get("/api/performers/rep-1/active-repair").get_json()
    assert active["repair_id"] == "bot-r-1"
    assert [j["job_id"] for j in active["jobs"] if j["status"] == "performing"] == ["bot-j-1"]

    command = bot.post(
        "/api/scooter/control",
        {"vehicle_id": active["vehicle_id"], "action": "open_deck", "performer_id": "rep-1"},
    )
    assert command.status_code == 200
    assert command.get_json()["outcome"] == "ok"
    assert bot.post("/api/repair-job/end", {"job_id": "bot-j-1"}).status_code == 200
    ended = bot.post(
        "/api/repair/end", {"repair_id": "bot-r-1", "comment": "grips replaced, deck checked"}
    )
    assert ended.get_json()["status"] == "completed"
    assert bot.get("/api/performers/rep-1/active-repair").status_code == 404

    history = bot.get("/api/scooter/repair-history", {"number": number}).get_json()
    assert history["repairs"][0]["repair_id"] == "bot-r-1"
    assert history["repairs"][0]["comment"] == "grips replaced, deck checked"
    assert history["last_repair"]["repair_id"] == "bot-r-1"
