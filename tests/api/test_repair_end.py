"""POST /api/repair/end: completion rules, failing and cancelling, replays."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workshop")


def error_of(response) -> dict:
    return response.get_json()["error"]


def test_completing_needs_every_job_ended(api):
    api.start_repair()
    api.start_job("j-1")
    api.start_job("j-2", job_type="kickstand")
    api.end_job("j-1")

    response = api.end_repair()

    assert response.status_code == 409
    assert error_of(response)["code"] == "jobs_in_progress"
    assert error_of(response)["job_ids"] == ["j-2"]
    assert api.start_job("j-3").status_code == 201  # the repair is still performing


def test_completing_needs_a_completed_job(api):
    api.start_repair()
    api.start_job("j-1")
    api.end_job("j-1", status="failed")

    response = api.end_repair()

    assert response.status_code == 409
    assert error_of(response)["code"] == "no_completed_jobs"


def test_completing_without_any_job_is_refused(api):
    api.start_repair()

    assert error_of(api.end_repair())["code"] == "no_completed_jobs"


def test_completed_repair_has_finish_time_and_its_jobs(api):
    api.start_repair()
    api.start_job("j-1")
    api.start_job("j-2", job_type="brake_cable")
    api.end_job("j-1")
    api.end_job("j-2", status="failed")

    response = api.post("/api/repair/end", query={"repair-id": "r-1"})

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "completed"
    assert body["finished_at"] is not None
    assert [(j["job_id"], j["status"]) for j in body["jobs"]] == [
        ("j-1", "completed"),
        ("j-2", "failed"),
    ]


@pytest.mark.parametrize("status", ["failed", "cancelled"])
def test_failing_or_cancelling_cancels_running_jobs_at_the_same_instant(api, status):
    api.start_repair()
    api.start_job("j-1")
    api.end_job("j-1")
    api.start_job("j-2", job_type="fenders")

    response = api.end_repair(status=status)

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == status
    done, running = body["jobs"]
    assert done["status"] == "completed"
    assert running["status"] == "cancelled"
    assert running["finished_at"] == body["finished_at"]


def test_the_same_end_again_answers_the_same_body(api):
    api.start_repair()
    first = api.end_repair(status="cancelled").get_json()

    again = api.end_repair(status="cancelled")

    assert again.status_code == 200
    assert again.get_json() == first


def test_another_terminal_status_after_the_end_is_already_finished(api):
    api.start_repair()
    api.end_repair(status="cancelled")

    response = api.end_repair(status="failed")

    assert response.status_code == 409
    assert error_of(response)["code"] == "already_finished"
    assert error_of(response)["status"] == "cancelled"


def test_unknown_repair_is_not_found(api):
    response = api.end_repair("no-such")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("status", ["performing", "done", 3])
def test_a_status_outside_the_terminal_ones_is_invalid_request(api, status):
    api.start_repair()

    response = api.post("/api/repair/end", {"repair_id": "r-1", "status": status})

    assert response.status_code == 400
    assert error_of(response)["field"] == "status"
