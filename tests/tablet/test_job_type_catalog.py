"""The job-type buttons come from a per-worker copy of the job types, kept for a short while."""

from __future__ import annotations

from sqlalchemy import func, select

from app import job_type_catalog
from app.extensions import db
from app.models import Job, JobType
from tests.tablet.conftest import hx_post, start_repair, text

FENDERS = "Крылья (замена/ремонт)"


def test_a_change_made_by_another_worker_reaches_the_buttons_within_the_max_age(
    tablet, simulator, monkeypatch
):
    now = [1000.0]
    monkeypatch.setattr(job_type_catalog.time, "monotonic", lambda: now[0])
    start_repair(tablet, simulator)
    assert FENDERS in text(tablet.get("/t/repairs/r-1"))

    db.session.get(JobType, "fenders").active = False  # as another worker's admin page would
    db.session.commit()

    now[0] += 29
    assert FENDERS in text(tablet.get("/t/repairs/r-1"))  # this worker's copy, 29 s old
    now[0] += 2
    assert FENDERS not in text(tablet.get("/t/repairs/r-1"))


def test_a_retired_type_cannot_be_started_even_while_its_button_is_still_shown(tablet, simulator):
    start_repair(tablet, simulator)
    assert FENDERS in text(tablet.get("/t/repairs/r-1"))
    db.session.get(JobType, "fenders").active = False  # by another worker: this one's copy lags
    db.session.commit()

    response = hx_post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "fenders"}, "jobs")

    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
