"""POST /api/repair-job/start and /end."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import JobType

pytestmark = pytest.mark.usefixtures("workshop")


def error_of(response) -> dict:
    return response.get_json()["error"]


@pytest.fixture
def repair(api):
    assert api.start_repair().status_code == 201
    return "r-1"


def test_start_job_creates_a_performing_job(api, repair):
    response = api.start_job("j-1", job_type="brake_adjustment")

    assert response.status_code == 201
    body = response.get_json()
    assert body == {
        "job_id": "j-1",
        "repair_id": "r-1",
        "type": "brake_adjustment",
        "status": "performing",
        "started_at": body["started_at"],
        "finished_at": None,
        "comment": None,
    }


def test_a_retried_job_start_creates_nothing(api, repair):
    first = api.start_job("j-1").get_json()

    again = api.start_job("j-1")

    assert again.status_code == 200
    assert again.get_json() == first
    repair_body = api.end_repair(status="cancelled").get_json()
    assert [j["job_id"] for j in repair_body["jobs"]] == ["j-1"]


def test_a_retried_job_start_after_the_repair_ended_answers_200(api, repair):
    api.start_job("j-1")
    api.end_job("j-1")
    api.end_repair()

    again = api.start_job("j-1")

    assert again.status_code == 200
    assert again.get_json()["status"] == "completed"


def test_same_job_id_with_another_type_is_idempotency_mismatch(api, repair):
    api.start_job("j-1", job_type="grips")

    response = api.start_job("j-1", job_type="fenders")

    assert response.status_code == 422
    assert error_of(response)["code"] == "idempotency_mismatch"
    assert error_of(response)["job_id"] == "j-1"


def test_same_job_id_in_another_repair_is_idempotency_mismatch(api, repair):
    api.start_job("j-1")
    api.start_repair("r-2", performer_id="rep-2", vehicle_id=api.vehicle(2))

    response = api.start_job("j-1", repair_id="r-2")

    assert error_of(response)["code"] == "idempotency_mismatch"


def test_job_in_an_unknown_repair_is_not_found(api, repair):
    response = api.start_job("j-1", repair_id="nope")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_job_in_an_ended_repair_is_refused(api, repair):
    api.end_repair(status="cancelled")

    response = api.start_job("j-9")

    assert response.status_code == 409
    assert error_of(response)["code"] == "repair_not_active"


def test_unknown_job_type_is_refused(api, repair):
    response = api.start_job("j-1", job_type="teleport")

    assert response.status_code == 422
    assert error_of(response)["code"] == "unknown_job_type"


def test_retired_job_type_cannot_be_started_but_old_jobs_keep_it(api, repair):
    api.start_job("j-1", job_type="wrapping")
    db.session.get(JobType, "wrapping").active = False
    db.session.commit()

    refused = api.start_job("j-2", job_type="wrapping")
    listed = api.get("/api/job-types").get_json()["job_types"]

    assert error_of(refused)["code"] == "unknown_job_type"
    assert api.end_job("j-1").get_json()["type"] == "wrapping"
    assert {"code": "wrapping", "active": False}.items() <= next(
        t for t in listed if t["code"] == "wrapping"
    ).items()


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_end_job_with_each_status(api, repair, status):
    api.start_job("j-1")

    response = api.end_job("j-1", status=status)

    assert response.status_code == 200
    assert response.get_json()["status"] == status
    assert response.get_json()["finished_at"] is not None


def test_end_job_defaults_to_completed_and_accepts_the_notes_query_alias(api, repair):
    api.start_job("j-1")

    response = api.post("/api/repair-job/end", query={"job-id": "j-1"})

    assert response.get_json()["status"] == "completed"


def test_ending_a_job_twice(api, repair):
    api.start_job("j-1")
    first = api.end_job("j-1", status="failed").get_json()

    same = api.end_job("j-1", status="failed")
    other = api.end_job("j-1", status="completed")

    assert same.status_code == 200 and same.get_json() == first
    assert other.status_code == 409
    assert error_of(other)["code"] == "already_finished"


def test_ending_an_unknown_job_is_not_found(api, repair):
    response = api.end_job("ghost")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_jobs_are_listed_in_start_order(api, repair):
    for n, job_type in enumerate(["grips", "fenders", "kickstand"]):
        api.start_job(f"j-{n}", job_type=job_type)

    body = api.end_repair(status="cancelled").get_json()

    assert [j["type"] for j in body["jobs"]] == ["grips", "fenders", "kickstand"]
