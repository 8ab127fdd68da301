"""Jobs on the repair screen: started by a tap, ended done, failed or cancelled; never twice."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Job
from tests.tablet.conftest import hx_post, post, start_repair, text


def jobs() -> list[Job]:
    return list(db.session.scalars(select(Job).order_by(Job.id)))


def test_a_tap_starts_a_job_and_refreshes_the_widget(tablet, simulator):
    start_repair(tablet, simulator)

    response = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")

    assert response.status_code == 200 and response.headers["HX-Trigger"] == "jobs-changed"
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="jobs"')
    assert "Крылья (замена/ремонт)" in text(response) and "идёт" in text(response)
    assert 'class="elapsed" data-started-at="' in body
    # The tapped type's button keeps j-1 for a moment (a second tap is a retry); the others
    # got fresh tokens.
    assert body.count('name="job_id" value="j-1"') == 1
    [job] = jobs()
    assert (job.job_id, job.type, job.status) == ("j-1", "fenders", "performing")


def test_a_double_tap_or_resubmit_with_the_same_token_makes_one_job(tablet, simulator):
    start_repair(tablet, simulator)
    data = {"job_id": "j-1", "type": "fenders"}

    first = hx_post(tablet, "/t/repairs/r-1/jobs", data, "jobs")
    second = hx_post(tablet, "/t/repairs/r-1/jobs", data, "jobs")
    third = post(tablet, "/t/repairs/r-1/jobs", data)

    assert first.status_code == second.status_code == 200
    assert third.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_the_same_token_for_another_type_is_refused(tablet, simulator):
    start_repair(tablet, simulator)
    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")

    response = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"}, "jobs")

    assert response.status_code == 422 and response.headers["HX-Error-Fragment"] == "1"
    assert "Страница устарела" in text(response)
    assert len(jobs()) == 1


def test_bad_job_requests_are_refused_plainly(tablet, simulator):
    start_repair(tablet, simulator)

    for data, status in (
        ({"job_id": "bad token!", "type": "grips"}, 400),
        ({"job_id": "j-1", "type": ""}, 400),
        ({"job_id": "j-1", "type": "teleport"}, 422),
    ):
        response = hx_post(tablet, "/t/repairs/r-1/jobs", data, "jobs")
        assert response.status_code == status
    assert jobs() == []


def test_a_job_ends_done_failed_or_cancelled(tablet, simulator):
    start_repair(tablet, simulator)
    for n, status in enumerate(("completed", "failed", "cancelled")):
        hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": f"j-{n}", "type": "grips"}, "jobs")
        response = hx_post(tablet, f"/t/jobs/j-{n}/finish", {"status": status}, "jobs")
        assert response.status_code == 200 and response.headers["HX-Trigger"] == "jobs-changed"

    assert [job.status for job in jobs()] == ["completed", "failed", "cancelled"]
    assert all(job.finished_at is not None for job in jobs())


def test_ending_a_job_twice_the_same_way_is_harmless_another_way_refused(tablet, simulator):
    start_repair(tablet, simulator)
    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"}, "jobs")
    hx_post(tablet, "/t/jobs/j-1/finish", {"status": "completed"}, "jobs")

    again = hx_post(tablet, "/t/jobs/j-1/finish", {"status": "completed"}, "jobs")
    other = hx_post(tablet, "/t/jobs/j-1/finish", {"status": "failed"}, "jobs")
    bad = hx_post(tablet, "/t/jobs/j-1/finish", {"status": "nonsense"}, "jobs")

    assert again.status_code == 200
    assert other.status_code == 409 and "другим результатом" in text(other)
    assert bad.status_code == 400
    assert jobs()[0].status == "completed"


def test_no_job_starts_in_an_ended_repair(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/finish", {"status": "cancelled"})

    response = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"}, "jobs")

    assert response.status_code == 409 and "Этот ремонт уже завершён." in text(response)
    assert jobs() == []


def test_an_unknown_job_goes_back_to_the_start(tablet):
    response = hx_post(tablet, "/t/jobs/nope/finish", {"status": "completed"}, "jobs")

    assert response.headers["HX-Redirect"] == "/t/"


def test_job_taps_without_csrf_are_refused(tablet, simulator):
    start_repair(tablet, simulator)

    response = tablet.post(
        "/t/repairs/r-1/jobs",
        data={"job_id": "j-1", "type": "grips"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400 and jobs() == []


def test_with_drive_down_jobs_still_run(tablet, simulator):
    tablet.get("/t/scooter/0421")
    simulator.set_faults("down")
    start_repair(tablet, simulator)

    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"}, "jobs")
    hx_post(tablet, "/t/jobs/j-1/finish", {"status": "completed"}, "jobs")
    answered = {"status": "completed", "complaints_asked": "1"}  # none resolved
    done = hx_post(tablet, "/t/repairs/r-1/finish", answered, "finish")

    assert done.headers["HX-Redirect"] == "/t/repairs/r-1"
    assert jobs()[0].repair.status == "completed"


def test_a_stale_session_sends_htmx_to_the_login_page(client, workshop, simulator):
    response = client.post("/t/repairs/r-1/jobs", headers={"HX-Request": "true"})

    assert response.status_code in (200, 400)  # CSRF first, or a full-page redirect
    if response.status_code == 200:
        assert response.headers["HX-Redirect"].startswith("/login")


def test_a_second_tap_after_the_widget_refreshed_is_still_the_same_job(tablet, simulator):
    start_repair(tablet, simulator)
    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")
    page = tablet.get("/t/repairs/r-1").get_data(as_text=True)
    [form] = [f for f in page.split("<form") if 'name="type" value="fenders"' in f]
    token = re.search(r'name="job_id" value="([^"]+)"', form).group(1)

    assert token == "j-1"
    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": token, "type": "fenders"}, "jobs")
    assert len(jobs()) == 1


def test_a_second_job_of_the_same_type_is_possible_once_the_moment_has_passed(tablet, simulator):
    start_repair(tablet, simulator)
    hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")
    job = jobs()[0]
    job.started_at -= timedelta(seconds=30)
    db.session.commit()

    body = tablet.get("/t/repairs/r-1").get_data(as_text=True)

    assert 'name="job_id" value="j-1"' not in body  # a fresh token: a new, deliberate job


def test_two_jobs_at_once_are_allowed_with_a_clear_hint(tablet, simulator):
    start_repair(tablet, simulator)
    one = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")
    assert "Одновременно" not in text(one)

    two = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-2", "type": "grips"}, "jobs")

    assert "Одновременно идут 2 работы." in text(two)
    assert "рабочее время посчитается один раз" in text(two)
    post(tablet, "/language/en", {"next": "/t/"})
    assert "2 jobs are running at once." in text(tablet.get("/t/repairs/r-1"))
    hx_post(tablet, "/t/jobs/j-1/finish", {"status": "completed"}, "jobs")
    assert "running at once" not in text(tablet.get("/t/repairs/r-1"))
