"""Drive's `broken` tags become complaints when we read a scooter: each tag exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.complaints.drive_tags import import_broken_tags
from app.drive import BrokenComplaint, Car
from app.extensions import db
from app.models import Complaint
from app.scooters.card import scooter_card


def _complaints(vehicle_id: str) -> list[Complaint]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Complaint).where(Complaint.vehicle_id == vehicle_id).order_by(Complaint.text)
        )
    )


def test_reading_the_card_imports_each_broken_tag_once(app, workshop, simulator):
    scooter = simulator.fleet.by_number("0421")
    with app.test_request_context():
        scooter_card(number="0421")
        scooter_card(number="0421")
        scooter_card(vehicle_id=scooter.vehicle_id)

    found = _complaints(scooter.vehicle_id)
    assert sorted(c.text for c in found) == [
        "не горит фара",
        "не работает задний тормоз, жалоба пользователя",
    ]
    assert {c.source for c in found} == {"drive"}
    assert {c.status for c in found} == {"open"}
    assert {c.tag_id for c in found} == set(scooter.tag_ids())  # Drive's own ids, kept


def test_a_tag_without_id_gets_a_stable_key_and_is_imported_once(app, workshop, simulator):
    scooter = simulator.fleet.by_number("0007")
    tag = {
        "tag_id": None,
        "tag": "broken",
        "comment": "скрипит тормоз",
        "created_at": "2026-11-30T10:00:00Z",
    }
    simulator.edit_car(scooter.vehicle_id, tags=[tag])
    with app.test_request_context():
        scooter_card(number="0007")
        scooter_card(number="0007")

    (found,) = _complaints(scooter.vehicle_id)
    assert found.text == "скрипит тормоз"
    assert found.tag_id.startswith("derived:")
    assert found.reported_at == datetime(2026, 11, 30, 10, tzinfo=UTC)


def test_many_workers_reading_the_same_tags_at_once_record_each_once(app, workshop):
    car = Car(
        "race-car",
        "0999",
        None,
        None,
        None,
        broken=[
            BrokenComplaint(f"fault {n}", datetime(2026, 11, n + 1, tzinfo=UTC), f"tag-{n}", True)
            for n in range(5)
        ],
    )
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    made: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        with app.app_context():
            try:
                barrier.wait()
                made.append(len(import_broken_tags(car)))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=read) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(made) == 5  # every tag made by exactly one reader
    count = db.session.scalar(
        select(func.count()).select_from(Complaint).where(Complaint.vehicle_id == "race-car")
    )
    assert count == 5
