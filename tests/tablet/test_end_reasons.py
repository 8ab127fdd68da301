"""Ending a repair that could not be completed: the reason in one tap (issue 15, item 2)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Job, Repair
from app.repairs.services import finish_job
from tests.tablet.conftest import hx_post, post, start_repair


def test_the_finish_panel_offers_common_reasons_as_buttons(tablet, simulator):
    start_repair(tablet, simulator)

    page = tablet.get("/t/repairs/r-1").get_data(as_text=True)

    assert 'name="reason" value="no_parts"' in page
    assert "Нет запчастей" in page  # the tablet speaks Russian by default


def test_one_tap_on_a_reason_ends_the_repair_with_it(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})

    response = post(tablet, "/t/repairs/r-1/finish", {"reason": "no_parts", "comment": ""})

    assert response.status_code == 303
    repair = db.session.scalar(select(Repair))
    assert (repair.status, repair.comment) == ("failed", "Нет запчастей")
    assert "Нет запчастей" in tablet.get("/t/repairs/r-1").get_data(as_text=True)


def test_a_reason_tapped_on_an_english_tablet_is_stored_in_russian(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/language/en", {"next": "/t/"})

    post(tablet, "/t/repairs/r-1/finish", {"reason": "no_parts", "comment": ""})

    repair = db.session.scalar(select(Repair))
    assert (repair.status, repair.comment) == ("failed", "Нет запчастей")


def test_a_reason_with_free_text_keeps_both_and_cancelling_reasons_cancel(tablet, simulator):
    start_repair(tablet, simulator)

    post(tablet, "/t/repairs/r-1/finish", {"reason": "by_mistake", "comment": "не тот самокат"})

    repair = db.session.scalar(select(Repair))
    assert (repair.status, repair.comment) == ("cancelled", "Начат по ошибке: не тот самокат")


def test_an_unknown_reason_ends_nothing(tablet, simulator):
    start_repair(tablet, simulator)

    post(tablet, "/t/repairs/r-1/finish", {"reason": "because"})

    assert db.session.scalar(select(Repair)).status == "performing"


def test_a_jobs_reason_is_shown_on_the_repair_screen(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})

    finish_job("j-1", "failed", "грипсы не подошли")

    assert "грипсы не подошли" in tablet.get("/t/repairs/r-1").get_data(as_text=True)


def test_one_tap_on_a_reason_ends_a_job_with_it(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-2", "type": "fenders"})
    screen = tablet.get("/t/repairs/r-1").get_data(as_text=True)
    assert "Не сделано: почему?" in screen and 'value="not_needed"' in screen

    widget = hx_post(tablet, "/t/jobs/j-1/finish", {"reason": "no_parts"}, target="jobs")
    post(tablet, "/t/jobs/j-2/finish", {"reason": "not_needed"})
    refused = post(tablet, "/t/jobs/j-2/finish", {"reason": "because"})

    assert "Нет запчастей" in widget.get_data(as_text=True)
    jobs = {job.job_id: (job.status, job.comment) for job in db.session.scalars(select(Job))}
    assert jobs == {"j-1": ("failed", "Нет запчастей"), "j-2": ("cancelled", "Оказалась не нужна")}
    assert refused.status_code in (302, 303)  # back to the screen, the job unchanged
