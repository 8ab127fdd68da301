"""start_repair: idempotent by repair id, one performing repair per performer and per vehicle."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import Conflict, Unprocessable
from app.extensions import db
from app.models import Repair
from app.repairs.services import finish_job, finish_repair, start_job, start_repair
from tests import factories
from tests.repairs.conftest import request


def repairs_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Repair))


def test_a_start_writes_a_performing_repair_with_drives_mileage(scooters, simulator):
    repair, created = start_repair(request(scooters=scooters))

    assert created is True
    db.session.expire_all()
    stored = db.session.scalar(select(Repair).where(Repair.repair_id == "r-1"))
    assert (stored.performer_id, stored.vehicle_id, stored.place_id, stored.status) == (
        "rep-1",
        scooters[0],
        "wh-1",
        "performing",
    )
    assert stored.finished_at is None and stored.started_at is not None
    assert stored.mileage_km_at_start == simulator.scooter(scooters[0]).mileage_km


def test_a_start_while_drive_is_down_still_starts_without_a_mileage(scooters, simulator):
    simulator.set_faults("down")

    repair, created = start_repair(request(scooters=scooters))

    assert created is True
    assert (repair.status, repair.mileage_km_at_start) == ("performing", None)


def test_a_retry_returns_the_same_repair_and_writes_nothing(scooters):
    first, _ = start_repair(request(scooters=scooters))

    again, created = start_repair(request(scooters=scooters))

    assert created is False
    assert (again.id, again.started_at) == (first.id, first.started_at)
    assert repairs_count() == 1


def test_a_retry_after_the_repair_ended_is_still_a_retry(scooters):
    start_repair(request(scooters=scooters))
    finish_repair("r-1", "cancelled")

    again, created = start_repair(request(scooters=scooters))

    assert (created, again.status) == (False, "cancelled")
    assert repairs_count() == 1


@pytest.mark.parametrize("field", ["performer_id", "vehicle_id", "place_id"])
def test_the_same_repair_id_with_other_parameters_is_an_idempotency_mismatch(scooters, field):
    factories.make_place("wh-2", "Склад Юг")
    start_repair(request(scooters=scooters))
    other = {"performer_id": "rep-2", "vehicle_id": scooters[1], "place_id": "wh-2"}[field]

    with pytest.raises(Unprocessable) as refused:
        start_repair(request(scooters=scooters, **{field: other}))

    assert refused.value.code == "idempotency_mismatch"
    assert refused.value.extra == {"repair_id": "r-1"}
    assert repairs_count() == 1


def test_a_performer_with_a_performing_repair_cannot_start_another(scooters):
    start_repair(request(scooters=scooters))

    with pytest.raises(Conflict) as refused:
        start_repair(request("r-2", vehicle_id=scooters[1], scooters=scooters))

    assert (refused.value.code, refused.value.extra) == ("performer_busy", {"repair_id": "r-1"})
    assert repairs_count() == 1


def test_a_vehicle_in_a_performing_repair_cannot_be_taken_by_another_performer(scooters):
    start_repair(request(scooters=scooters))

    with pytest.raises(Conflict) as refused:
        start_repair(request("r-2", "rep-2", scooters=scooters))

    assert (refused.value.code, refused.value.extra) == ("vehicle_busy", {"repair_id": "r-1"})
    assert repairs_count() == 1


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_the_performer_and_the_vehicle_are_free_again_once_the_repair_ends(scooters, status):
    start_repair(request(scooters=scooters))
    start_job("r-1", "j-1", "grips")
    finish_job("j-1")
    finish_repair("r-1", status)

    _, created = start_repair(request("r-2", scooters=scooters))
    _, created_too = start_repair(request("r-3", "rep-2", scooters[1], scooters=scooters))

    assert (created, created_too) == (True, True)


@pytest.mark.parametrize(
    "performer_id,place_id,code",
    [
        ("stranger", "wh-1", "unknown_performer"),
        ("gone", "wh-1", "unknown_performer"),
        ("rep-1", "nowhere", "unknown_place"),
        ("rep-1", "closed", "unknown_place"),
    ],
)
def test_unknown_or_inactive_performers_and_places_are_refused(
    scooters, performer_id, place_id, code
):
    factories.make_user("gone", "Уволенный", active=False)
    factories.make_place("closed", "Склад закрыт", active=False)

    with pytest.raises(Unprocessable) as refused:
        start_repair(request(performer_id=performer_id, place_id=place_id, scooters=scooters))

    assert refused.value.code == code
    assert repairs_count() == 0


def test_a_vehicle_drive_does_not_know_is_refused(scooters):
    with pytest.raises(Unprocessable) as refused:
        start_repair(request(vehicle_id="no-such-scooter", scooters=scooters))

    assert refused.value.code == "unknown_vehicle"
    assert repairs_count() == 0
