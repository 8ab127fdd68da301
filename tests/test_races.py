"""Races through a real multi-process server: 30 requests released together.

The database, not Python, must settle them: gunicorn runs 4 worker processes over the same
SQLite file (WAL, BEGIN IMMEDIATE) or PostgreSQL database (row locks, partial unique indexes).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.models import Job, Repair
from devtools.server import gunicorn
from tests import factories

pytestmark = pytest.mark.slow
N = 30


@pytest.fixture
def server(app, app_config, tmp_path):
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "race-secret",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
        "PIN_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    with gunicorn(env, workers=4, log_path=tmp_path / "gunicorn.log") as served:
        yield served.base


@pytest.fixture
def token(app):
    factories.make_place("wh-1")
    for n in range(N):
        factories.make_user(f"rep-{n}")
    return factories.make_token()


def release_together(url: str, token: str, bodies: list[dict]) -> list[requests.Response]:
    """POST every body at once from its own thread, released by one barrier."""
    barrier = threading.Barrier(len(bodies))
    results: list[requests.Response | None] = [None] * len(bodies)

    def send(i: int) -> None:
        session = requests.Session()
        barrier.wait()
        results[i] = session.post(
            url, json=bodies[i], timeout=60, headers={"Authorization": f"Bearer {token}"}
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def codes(responses) -> Counter:
    return Counter((r.status_code, r.json().get("error", {}).get("code")) for r in responses)


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def fleet(vehicle_ids) -> list[str]:
    return vehicle_ids


def start_body(repair_id, performer, vehicle) -> dict:
    return {
        "repair_id": repair_id,
        "performer_id": performer,
        "vehicle_id": vehicle,
        "place_id": "wh-1",
    }


def test_same_repair_id_30_times_makes_one_repair(server, token, fleet):
    body = start_body("r-same", "rep-0", fleet[0])

    responses = release_together(f"{server}/api/repair/start", token, [body] * N)

    assert codes(responses) == {(201, None): 1, (200, None): N - 1}
    assert len({r.json()["started_at"] for r in responses}) == 1
    assert count(Repair) == 1


def test_one_performer_30_repair_ids_makes_one_performing_repair(server, token, fleet):
    bodies = [start_body(f"r-{n}", "rep-0", fleet[n]) for n in range(N)]

    responses = release_together(f"{server}/api/repair/start", token, bodies)

    assert codes(responses) == {(201, None): 1, (409, "performer_busy"): N - 1}
    winner = next(r.json()["repair_id"] for r in responses if r.status_code == 201)
    assert {r.json()["error"]["repair_id"] for r in responses if r.status_code == 409} == {winner}
    assert count(Repair, Repair.status == "performing") == 1


def test_one_vehicle_30_performers_makes_one_performing_repair(server, token, fleet):
    bodies = [start_body(f"r-{n}", f"rep-{n}", fleet[0]) for n in range(N)]

    responses = release_together(f"{server}/api/repair/start", token, bodies)

    assert codes(responses) == {(201, None): 1, (409, "vehicle_busy"): N - 1}
    assert count(Repair, Repair.vehicle_id == fleet[0]) == 1


def test_same_job_id_30_times_makes_one_job(server, token, fleet):
    start = requests.post(
        f"{server}/api/repair/start",
        json=start_body("r-1", "rep-0", fleet[0]),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert start.status_code == 201
    body = {"repair_id": "r-1", "job_id": "j-same", "type": "brake_cable"}

    responses = release_together(f"{server}/api/repair-job/start", token, [body] * N)

    assert codes(responses) == {(201, None): 1, (200, None): N - 1}
    assert count(Job) == 1


def test_a_job_ended_30_times_at_once_two_ways_ends_once(server, token, fleet):
    headers = {"Authorization": f"Bearer {token}"}
    start = start_body("r-1", "rep-0", fleet[0])
    assert requests.post(f"{server}/api/repair/start", json=start, headers=headers).ok
    job = {"repair_id": "r-1", "job_id": "j-1", "type": "brake_cable"}
    assert requests.post(f"{server}/api/repair-job/start", json=job, headers=headers).ok
    bodies = [{"job_id": "j-1", "status": ("completed", "failed")[n % 2]} for n in range(N)]

    responses = release_together(f"{server}/api/repair-job/end", token, bodies)

    ended = {r.json()["status"] for r in responses if r.status_code == 200}
    assert len(ended) == 1  # the first end wins; the other way is refused, not overwritten
    [status] = ended
    assert codes(responses) == {(200, None): N // 2, (409, "already_finished"): N // 2}
    assert count(Job, Job.status == status) == 1
