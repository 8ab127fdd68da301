"""Complaints and the scooter's way on the tablet: listed open first, filed by the repairer,
linked to jobs with one tap, resolved at the finish; scan-in, release, leave unrepaired."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Complaint, StageEvent
from tests.tablet.conftest import hx_post, post, start_repair, text, vehicle_id_of


def complaint(complaint_id: str) -> Complaint:
    db.session.expire_all()
    return db.session.scalar(select(Complaint).where(Complaint.complaint_id == complaint_id))


def test_the_card_lists_drives_complaints_as_ours_open_first(tablet, simulator):
    tablet.get("/t/scooter/0421")  # a first visit reads Drive, which imports its tags
    page = text(tablet.get("/t/scooter/0421"))
    assert "Не устранена не работает задний тормоз, жалоба пользователя" in page
    assert "Тег в Drive" in page


def test_a_repairer_files_a_fault_links_a_job_and_resolves_it_at_the_finish(tablet, simulator):
    vehicle_id = vehicle_id_of(simulator, "0421")
    start_repair(tablet, simulator)
    filed = hx_post(
        tablet,
        f"/t/scooter-id/{vehicle_id}/complaints",
        {"complaint_id": "found-1", "text": "треснула дека"},
        target="complaints",
    )
    assert filed.status_code == 200 and "треснула дека" in text(filed)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "brake_cable"})
    post(tablet, "/t/jobs/j-1/finish", {"status": "completed"})
    linked = hx_post(tablet, "/t/repairs/r-1/complaints/found-1/jobs/j-1", target="complaints")
    assert 'aria-pressed="true"' in linked.get_data(as_text=True)

    question = hx_post(tablet, "/t/repairs/r-1/finish", {"status": "completed"}, "finish")
    asked = question.get_data(as_text=True)
    assert "Какие жалобы устранил этот ремонт?" in text(question)
    assert 'value="found-1" checked' in asked  # pre-filled from the link
    assert complaint("found-1").status == "open"  # nothing finished yet

    hx_post(
        tablet,
        "/t/repairs/r-1/finish",
        {"status": "completed", "complaints_asked": "1", "resolved": "found-1"},
        "finish",
    )
    assert complaint("found-1").status == "resolved"
    others = db.session.scalars(
        select(Complaint).where(Complaint.vehicle_id == vehicle_id, Complaint.source == "drive")
    ).all()
    assert others and {c.status for c in others} == {"open"}  # the rest stay open


def test_a_blank_fault_is_refused_inline(tablet, simulator):
    vehicle_id = vehicle_id_of(simulator, "0421")
    answer = hx_post(
        tablet,
        f"/t/scooter-id/{vehicle_id}/complaints",
        {"complaint_id": "found-1", "text": "  "},
        target="complaints",
    )
    assert answer.status_code == 400 and "Сначала опишите неисправность." in text(answer)


def test_scan_in_release_and_leave_unrepaired_from_the_card(tablet, simulator):
    vehicle_id = vehicle_id_of(simulator, "0007")
    tablet.get("/t/scooter/0007")
    arrived = hx_post(
        tablet,
        f"/t/scooter-id/{vehicle_id}/stage",
        {"stage": "arrived", "event_id": "e-1"},
        "way",
    )
    assert "Принят на склад" in text(arrived)
    board = text(tablet.get("/t/board"))
    assert "Ждут ремонта (1) 0007" in board
    refused = hx_post(
        tablet, f"/t/scooter-id/{vehicle_id}/stage", {"stage": "left_unrepaired", "event_id": "e-2"}
    )
    assert refused.status_code == 400 and "Укажите, почему" in text(refused)
    released = hx_post(
        tablet, f"/t/scooter-id/{vehicle_id}/stage", {"stage": "released", "event_id": "e-3"}
    )
    assert "Выпущен, готов к выезду" in text(released)
    stages = db.session.scalars(select(StageEvent.stage).order_by(StageEvent.id)).all()
    assert stages == ["arrived", "released"]


def test_the_board_scans_a_scooter_in_by_its_number(tablet, simulator):
    answer = post(tablet, "/t/board/scan-in", {"q": "0007", "event_id": "e-1"})
    assert answer.status_code == 303
    assert "Ждут ремонта (1) 0007" in text(tablet.get("/t/board"))
    bad = post(tablet, "/t/board/scan-in", {"q": "no number", "event_id": "e-2"})
    assert bad.status_code == 422 and "no number" in text(bad)
