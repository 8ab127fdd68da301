"""Drive's car details that do not fit our columns or pages never answer 500 or block a repair.

Drive reports what it likes; the simulator is told to report it (`Simulator.edit_car`), and a
repairer and a manager go through a whole repair on the tablet, the API and the manager pages.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Repair, Status, Vehicle
from tests import factories
from tests.conftest import RequestScopedClient
from tests.support.pages import log_in
from tests.tablet.conftest import post

LONG_MODEL = "Ninebot Max G30 Pro " * 10  # 200 characters
COMPLAINT = {"tag": "broken", "comment": "скрипит тормоз", "created_at": "2026-11-20T08:01:00Z"}

ODD_DETAILS = {
    "long model and number": {"model": LONG_MODEL, "number": "0421-" * 40},
    "lone surrogates": {"model": "G30\ud800", "number": "04\udfff21"},
    "control characters": {"model": "G30\x00\x1b[31m", "number": "04\n21"},
    "mileage not a number": {"mileage_km": math.nan},
    "mileage negative": {"mileage_km": -12.5},
    "mileage beyond a float": {"mileage_km": 10**400},
    "mileage out of range": {"mileage_km": 1e300},
    "battery out of range": {"battery_percent": 10**400},
    "long firmware and complaints": {
        "firmware": {"ecu": "1.7." * 200, "b" * 300: "1"},
        "tags": [COMPLAINT | {"comment": "скрипит тормоз " * 2000}] * 200,
    },
}


def strict_json(response) -> Any:
    """The answer's body as a strict JSON parser reads it (no NaN, no Infinity)."""

    def refuse(literal: str) -> None:
        raise ValueError(f"{literal} is not JSON")

    return json.loads(response.get_data(as_text=True), parse_constant=refuse)


def fits(text: str | None, limit: int = 64) -> bool:
    """Null, or at most `limit` characters without control characters or lone surrogates."""
    return text is None or (
        len(text) <= limit and not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)
    )


def assert_keepable(car: dict[str, Any]) -> None:
    """What the info API says of Drive's car fits our columns and is a believable reading."""
    assert fits(car["number"]) and fits(car["model"])
    mileage, battery = car["mileage_km"], car["battery_percent"]
    assert mileage is None or 0 <= mileage <= 1_000_000
    assert battery is None or 0 <= battery <= 100
    assert all(fits(k) and fits(v) for k, v in (car["firmware"] or {}).items())
    assert all(fits(c["comment"], 1000) for c in car["broken"] or [])


@pytest.fixture
def tablet(client, workshop):
    """rep-1 logged in on a tablet and on shift at wh-1."""
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    return client


@pytest.fixture
def manager(app):
    """A manager logged in on a browser of their own."""
    factories.make_user("boss", "Анна Смирнова", role="manager")
    app.test_client_class = RequestScopedClient
    browser = app.test_client()
    log_in(browser, "boss", factories.DEFAULT_PIN)
    return browser


@pytest.mark.parametrize("details", ODD_DETAILS.values(), ids=ODD_DETAILS.keys())
def test_odd_drive_details_never_answer_500_nor_block_a_repair(
    tablet, api, manager, simulator, details
):
    tablet_car = simulator.scooter(number="0421").vehicle_id
    api_car = api.vehicle(2)
    assert tablet.get("/t/scooter/0421").status_code == 200  # seen before: we know its plate
    for vehicle_id in (tablet_car, api_car):
        simulator.edit_car(vehicle_id, **details)

    # The repairer opens the card from our records, then Drive's live part, and starts.
    assert tablet.get("/t/scooter/0421").status_code == 200
    assert tablet.get("/t/scooter/0421/drive").status_code == 200
    started = post(tablet, "/t/repairs", {"repair_id": "a" * 32, "vehicle_id": tablet_car})
    assert started.status_code == 303, started.get_data(as_text=True)[:2000]
    assert tablet.get(started.headers["Location"]).status_code == 200
    # The chat bot starts one on another scooter, and reads both.
    assert api.start_repair("r-api", performer_id="rep-2", vehicle_id=api_car).status_code == 201
    repairs = db.session.scalars(select(Repair).where(Repair.status == Status.PERFORMING)).all()
    assert sorted(r.vehicle_id for r in repairs) == sorted([tablet_car, api_car])
    for vehicle_id in (tablet_car, api_car):
        info = api.get("/api/scooter/info", {"vehicle_id": vehicle_id})
        assert info.status_code == 200
        assert_keepable(strict_json(info))
        history = api.get("/api/scooter/repair-history", {"vehicle_id": vehicle_id})
        assert history.status_code == 200 and len(strict_json(history)["repairs"]) == 1
        assert manager.get(f"/manager/scooters/{vehicle_id}").status_code == 200
    for page in ("/manager/", "/manager/open-repairs", "/manager/history", "/manager/stats"):
        assert manager.get(page).status_code == 200, page
    # What we keep of the scooters fits, and the repairs end as usual.
    assert all(fits(v.number) and fits(v.model) for v in db.session.scalars(select(Vehicle)))
    assert api.end_repair("r-api", status="cancelled").status_code == 200


def test_a_long_model_is_cut_to_fit_and_a_long_number_is_dropped(api, simulator):
    simulator.edit_car(api.vehicle(1), model=LONG_MODEL, number="0421-" * 40)

    car = strict_json(api.get("/api/scooter/info", {"vehicle_id": api.vehicle(1)}))

    assert car["model"] == LONG_MODEL[:63].rstrip() + "…"
    assert car["number"] is None
    kept = db.session.get(Vehicle, api.vehicle(1))
    assert (kept.model, kept.number) == (car["model"], None)
    assert re.fullmatch(r"\d+\.\d", str(car["mileage_km"]))  # the rest of Drive's answer stands
