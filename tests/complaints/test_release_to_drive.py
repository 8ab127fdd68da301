"""Releasing a scooter tells Drive, through the outbox: the resolved complaints' `broken` tags
go, the ready tag comes; exactly once, even when Drive is down at the release."""

from __future__ import annotations

from sqlalchemy import select

from app.complaints.records import close
from app.extensions import db
from app.models import Complaint, Place
from app.outbox import deliver_due
from app.outbox.listing import retry_waiting_now
from app.scooters.card import scooter_card
from app.stages.release import release


def _broken_of_0421(app, simulator) -> tuple[str, list[Complaint]]:
    vehicle_id = simulator.scooter(number="0421").vehicle_id
    with app.test_request_context():
        scooter_card(vehicle_id=vehicle_id)  # imports Drive's two broken tags
    found = db.session.scalars(select(Complaint).order_by(Complaint.reported_at.desc())).all()
    return vehicle_id, list(found)


def _tags(simulator, vehicle_id: str, name: str) -> list[dict]:
    return [t for t in simulator.current_tags(vehicle_id) if t["tag"] == name]


def test_release_removes_the_resolved_tag_and_adds_the_ready_tag(app, workshop, simulator):
    vehicle_id, (brake, headlight) = _broken_of_0421(app, simulator)
    with app.test_request_context():
        close([brake.complaint_id], "resolved")
        release("out-1", vehicle_id, db.session.get(Place, "wh-1"), "rep-1")
        release("out-1", vehicle_id, db.session.get(Place, "wh-1"), "rep-1")  # a double tap
        report = deliver_due()

    assert report.delivered == 2
    broken = [t["tag_id"] for t in _tags(simulator, vehicle_id, "broken")]
    assert broken == [headlight.tag_id]  # the resolved one is gone, the open one stays
    (ready,) = _tags(simulator, vehicle_id, "ready_for_deployment")
    assert "не работает задний тормоз" in ready["comment"]
    with app.test_request_context():
        scooter_card(vehicle_id=vehicle_id)  # read again: nothing comes back as new
    assert db.session.scalar(select(db.func.count()).select_from(Complaint)) == 2


def test_with_drive_down_the_release_is_recorded_and_reaches_drive_once_later(
    app, workshop, simulator
):
    vehicle_id, (brake, _headlight) = _broken_of_0421(app, simulator)
    simulator.set_faults("down")
    with app.test_request_context():
        close([brake.complaint_id], "resolved")
        event, created = release("out-1", vehicle_id, db.session.get(Place, "wh-1"), "rep-1")
        down = deliver_due()
    assert created and event.stage == "released" and down.delivered == 0

    simulator.clear_faults()
    with app.test_request_context():
        retry_waiting_now()
        back = deliver_due()
        again = deliver_due()

    assert (back.delivered, again.claimed) == (2, 0)
    assert brake.tag_id not in [t["tag_id"] for t in _tags(simulator, vehicle_id, "broken")]
    assert len(_tags(simulator, vehicle_id, "ready_for_deployment")) == 1
    applied = [w for w in simulator.tag_writes(vehicle_id) if w.applied]
    assert sorted(w.op for w in applied) == ["add", "remove"]  # each write applied once
