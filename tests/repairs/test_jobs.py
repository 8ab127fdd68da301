"""start_job and finish_job: jobs start only in a performing repair with an active job type,
a retry is recognised by the job id, and a job ends once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import Conflict, NotFound, Unprocessable
from app.extensions import db
from app.models import Job, JobType
from app.repairs.lookup import get_job
from app.repairs.services import RepairRequest, finish_job, finish_repair, start_job, start_repair


def jobs_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Job))


def test_a_job_starts_performing_in_its_repair(repair):
    job, created = start_job(repair, "j-1", "grips")

    assert created is True
    assert (job.job_id, job.repair_id, job.type, job.status, job.finished_at) == (
        "j-1",
        repair,
        "grips",
        "performing",
        None,
    )
    db.session.expire_all()
    stored = get_job("j-1")
    assert (stored.repair.repair_id, stored.type, stored.status) == (repair, "grips", "performing")
    assert stored.started_at == job.started_at


def test_a_retried_job_start_returns_the_job_and_writes_nothing(repair):
    first, _ = start_job(repair, "j-1", "grips")

    again, created = start_job(repair, "j-1", "grips")

    assert created is False
    assert (again.job_id, again.status, again.started_at) == ("j-1", "performing", first.started_at)
    assert jobs_count() == 1


def test_a_retried_job_start_after_the_repair_ended_is_still_a_retry(repair):
    start_job(repair, "j-1", "grips")
    finish_repair(repair, "cancelled")

    again, created = start_job(repair, "j-1", "grips")

    assert (created, again.status) == (False, "cancelled")


def test_the_same_job_id_with_another_type_is_an_idempotency_mismatch(repair):
    start_job(repair, "j-1", "grips")

    with pytest.raises(Unprocessable) as refused:
        start_job(repair, "j-1", "kickstand")

    assert (refused.value.code, refused.value.extra) == ("idempotency_mismatch", {"job_id": "j-1"})
    assert jobs_count() == 1


def test_the_same_job_id_in_another_repair_is_an_idempotency_mismatch(repair, scooters):
    start_job(repair, "j-1", "grips")
    start_repair(RepairRequest("r-2", "rep-2", scooters[1], "wh-1"))

    with pytest.raises(Unprocessable) as refused:
        start_job("r-2", "j-1", "grips")

    assert refused.value.code == "idempotency_mismatch"
    assert jobs_count() == 1


def test_a_job_in_an_unknown_repair_is_not_found(repair):
    with pytest.raises(NotFound) as refused:
        start_job("r-nobody-started", "j-1", "grips")

    assert refused.value.extra == {"repair_id": "r-nobody-started"}
    assert jobs_count() == 0


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_a_job_in_an_ended_repair_is_refused(repair, status):
    start_job(repair, "j-0", "grips")
    finish_job("j-0")
    finish_repair(repair, status)

    with pytest.raises(Conflict) as refused:
        start_job(repair, "j-1", "grips")

    assert refused.value.code == "repair_not_active"
    assert refused.value.extra["status"] == status
    assert jobs_count() == 1


def test_an_unknown_job_type_is_refused(repair):
    with pytest.raises(Unprocessable) as refused:
        start_job(repair, "j-1", "teleporter")

    assert refused.value.code == "unknown_job_type"
    assert jobs_count() == 0


def test_a_retired_job_type_cannot_be_started_and_its_old_jobs_keep_it(repair):
    start_job(repair, "j-1", "grips")
    db.session.get(JobType, "grips").active = False
    db.session.commit()

    with pytest.raises(Unprocessable) as refused:
        start_job(repair, "j-2", "grips")
    finish_job("j-1")

    assert refused.value.code == "unknown_job_type"
    db.session.expire_all()
    assert (get_job("j-1").type, get_job("j-1").status) == ("grips", "completed")
    assert jobs_count() == 1


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_a_job_ends_with_its_status_and_time(repair, status):
    job, _ = start_job(repair, "j-1", "grips")

    ended = finish_job("j-1", status)

    assert ended.status == status
    assert ended.finished_at is not None and ended.finished_at >= job.started_at
    db.session.expire_all()
    assert get_job("j-1").status == status


def test_ending_a_job_again_the_same_way_is_a_retry_and_another_way_a_conflict(repair):
    start_job(repair, "j-1", "grips")
    first = finish_job("j-1").finished_at

    again = finish_job("j-1")
    with pytest.raises(Conflict) as refused:
        finish_job("j-1", "failed")

    assert (again.status, again.finished_at) == ("completed", first)
    assert refused.value.code == "already_finished"
    assert refused.value.extra == {"status": "completed", "job_id": "j-1"}


def test_a_job_cancelled_with_its_repair_cannot_be_completed_after(repair):
    start_job(repair, "j-1", "grips")
    finish_repair(repair, "failed")

    with pytest.raises(Conflict) as refused:
        finish_job("j-1")

    assert (refused.value.code, refused.value.extra["status"]) == ("already_finished", "cancelled")


def test_ending_an_unknown_job_is_not_found(repair):
    with pytest.raises(NotFound) as refused:
        finish_job("j-nobody-started")

    assert refused.value.extra == {"job_id": "j-nobody-started"}
