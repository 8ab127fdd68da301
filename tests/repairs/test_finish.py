"""finish_repair: completed only with every job ended and one done; failed or cancelled cancels
the running jobs; the same end again is a retry, another end a conflict."""

from __future__ import annotations

import pytest

from app.errors import Conflict, NotFound
from app.extensions import db
from app.repairs.lookup import get_job, get_repair
from app.repairs.services import (
    RepairRequest,
    finish_job,
    finish_repair,
    start_job,
    start_repair,
)


def test_a_repair_with_a_job_running_is_not_completed(repair):
    start_job(repair, "j-1", "grips")
    finish_job("j-1")
    start_job(repair, "j-2", "kickstand")

    with pytest.raises(Conflict) as refused:
        finish_repair(repair)

    assert refused.value.code == "jobs_in_progress"
    assert refused.value.extra["job_ids"] == ["j-2"]
    db.session.expire_all()
    assert (get_repair(repair).status, get_job("j-2").status) == ("performing", "performing")


@pytest.mark.parametrize("jobs", [(), ("failed",), ("cancelled", "failed")])
def test_a_repair_without_a_completed_job_is_not_completed(repair, jobs):
    for n, status in enumerate(jobs):
        start_job(repair, f"j-{n}", "grips")
        finish_job(f"j-{n}", status)

    with pytest.raises(Conflict) as refused:
        finish_repair(repair)

    assert refused.value.code == "no_completed_jobs"
    db.session.expire_all()
    assert get_repair(repair).status == "performing"


def test_a_repair_with_every_job_ended_and_one_done_is_completed(repair):
    start_job(repair, "j-1", "grips")
    finish_job("j-1", "failed")
    start_job(repair, "j-2", "grips")
    finish_job("j-2")

    ended = finish_repair(repair, comment="Грипсы заменены")

    db.session.expire_all()
    stored = get_repair(repair)
    assert (stored.status, stored.comment) == ("completed", "Грипсы заменены")
    assert stored.finished_at is not None and stored.finished_at == ended.finished_at
    assert [(job.job_id, job.status) for job in stored.jobs] == [
        ("j-1", "failed"),
        ("j-2", "completed"),
    ]


@pytest.mark.parametrize("status", ["failed", "cancelled"])
def test_failing_or_cancelling_cancels_the_running_jobs_at_the_same_instant(repair, status):
    start_job(repair, "j-done", "grips")
    finish_job("j-done")
    start_job(repair, "j-1", "kickstand")
    start_job(repair, "j-2", "reflectors")

    finish_repair(repair, status)

    db.session.expire_all()
    stored = get_repair(repair)
    jobs = {job.job_id: job for job in stored.jobs}
    assert stored.status == status
    assert (jobs["j-1"].status, jobs["j-2"].status) == ("cancelled", "cancelled")
    assert jobs["j-1"].finished_at == jobs["j-2"].finished_at == stored.finished_at
    assert jobs["j-done"].status == "completed"  # what was done stays done
    assert jobs["j-done"].finished_at < stored.finished_at


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_the_same_end_again_changes_nothing(repair, status):
    start_job(repair, "j-1", "grips")
    finish_job("j-1")
    first = finish_repair(repair, status).finished_at

    again = finish_repair(repair, status)

    assert (again.status, again.finished_at) == (status, first)


def test_another_end_after_the_end_is_already_finished(repair):
    finish_repair(repair, "cancelled")

    with pytest.raises(Conflict) as refused:
        finish_repair(repair, "failed")

    assert refused.value.code == "already_finished"
    assert refused.value.extra == {"status": "cancelled", "repair_id": repair}
    db.session.expire_all()
    assert get_repair(repair).status == "cancelled"


def test_an_unknown_repair_is_not_found(repair):
    with pytest.raises(NotFound):
        finish_repair("r-nobody-started", "cancelled")


def test_a_repair_started_while_drive_was_down_gets_its_mileage_at_the_end(repair, simulator):
    finish_repair(repair, "cancelled")  # r-1 started with Drive up; r-2 starts with it down
    simulator.set_faults("down")
    scooter = get_repair(repair).vehicle_id
    start_repair(RepairRequest("r-2", "rep-1", scooter, "wh-1"))
    simulator.clear_faults()

    ended = finish_repair("r-2", "cancelled")

    assert ended.mileage_km_at_start == simulator.scooter(scooter).mileage_km
