"""Stages, release and the queues: a scooter's way from a complaint back to the street."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import utcnow
from app.complaints.records import ComplaintRequest, close, file_complaint
from app.errors import Conflict, InvalidRequest, Unprocessable
from app.extensions import db
from app.models import Complaint, Place
from app.stages import queues
from app.stages.events import StageRequest, record_stage
from app.stages.release import release
from app.stages.timeline import timeline
from tests.scooters.conftest import repaired


@pytest.fixture
def complained(app, workshop, vehicle_ids):
    """A scooter with one open complaint from support, an hour old."""
    vehicle_id = vehicle_ids[5]
    with app.test_request_context():
        file_complaint(
            ComplaintRequest(
                "c-1",
                vehicle_id,
                "user_support",
                "тормоз не держит",
                "bot",
                utcnow() - timedelta(hours=1),
            )
        )
    return vehicle_id


def _arrive(vehicle_id: str, event_id: str = "e-arrive") -> None:
    record_stage(StageRequest(event_id, vehicle_id, "arrived", place_id="wh-1", by="rep-1"))


def test_the_way_from_complaint_to_drop_off(app, complained):
    with app.test_request_context():
        assert [e.vehicle_id for e in queues.pickup_list()] == [complained]
        record_stage(StageRequest("e-pick", complained, "picked_up", by="logistics"))
        assert queues.pickup_list() == []
        _arrive(complained)
        assert [e.vehicle_id for e in queues.board("wh-1").waiting] == [complained]
        repaired(complained, "r-1", status="performing")
        assert [e.repair_id for e in queues.board("wh-1").in_repair] == ["r-1"]
        with pytest.raises(Conflict):  # not while the repair runs
            release("e-out", complained, db.session.get(Place, "wh-1"), "rep-1")
        from app.repairs.services import finish_repair

        finish_repair("r-1")
        close(["c-1"], "resolved")
        board = queues.board("wh-1")
        assert [e.vehicle_id for e in board.ready] == [complained] and board.waiting == []
        event, created = release("e-out", complained, db.session.get(Place, "wh-1"), "rep-1")
        again, created_again = release("e-out", complained, db.session.get(Place, "wh-1"), "x")

        assert created and not created_again and again.id == event.id
        assert queues.board("wh-1").ready == []
        assert [e.vehicle_id for e in queues.dropoff_list("wh-1")] == [complained]
        complaint = db.session.scalar(select(Complaint).where(Complaint.complaint_id == "c-1"))
        assert complaint.released_at is not None
        record_stage(StageRequest("e-street", complained, "back_on_street", by="logistics"))
        assert queues.dropoff_list() == []
        kinds = [e.kind for e in timeline(complained)]
    assert kinds == [
        "reported",
        "picked_up",
        "arrived",
        "repair_started",
        "repair_ended",
        "released",
        "back_on_street",
    ]


def test_a_stage_is_recorded_once_and_a_different_replay_is_refused(app, complained):
    with app.test_request_context():
        first, created = record_stage(StageRequest("e-1", complained, "picked_up", by="a"))
        again, created_again = record_stage(StageRequest("e-1", complained, "picked_up", by="a"))
        with pytest.raises(Unprocessable) as refused:
            record_stage(StageRequest("e-1", complained, "back_on_street", by="a"))
    assert created and not created_again and first.id == again.id
    assert refused.value.code == "idempotency_mismatch"


def test_leaving_unrepaired_needs_a_reason_and_arriving_a_warehouse(app, complained):
    with app.test_request_context():
        with pytest.raises(InvalidRequest) as no_reason:
            record_stage(StageRequest("e-1", complained, "left_unrepaired"))
        with pytest.raises(InvalidRequest) as no_place:
            record_stage(StageRequest("e-2", complained, "arrived"))
        with pytest.raises(Unprocessable) as bad_place:
            record_stage(StageRequest("e-3", complained, "arrived", place_id="nowhere"))
    assert (no_reason.value.extra["field"], no_place.value.extra["field"]) == ("reason", "place_id")
    assert bad_place.value.code == "unknown_place"


def test_a_complaint_after_release_sends_the_scooter_back_to_the_pick_up_list(app, complained):
    with app.test_request_context():
        _arrive(complained)
        release("e-out", complained, db.session.get(Place, "wh-1"), "rep-1")
        # c-1 was not resolved: it stays open, but the scooter was just released with it.
        assert queues.pickup_list() == []
        file_complaint(ComplaintRequest("c-2", complained, "relocation_mission", "нет фары"))
        (entry,) = queues.pickup_list("wh-1")
    assert [c.complaint_id for c in entry.complaints] == ["c-2"]
