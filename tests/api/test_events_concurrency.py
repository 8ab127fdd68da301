"""The events feed under concurrent writers: a poller misses nothing and sees nothing twice.

The trap: ids are handed out at INSERT, but become visible at COMMIT. A writer that took id 5
and commits after another that took id 6 would be skipped by a poller already past 6. Here
every writer waits between writing its events and committing (a listener that runs after the
feed's own, in the same commit), so the trap would spring at once without the ordering that
app/events/record.py guarantees; a poller pages through the API all the while.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.database import write_transaction
from app.events.kinds import EventKind
from app.events.record import record
from app.extensions import db
from app.models import Event
from app.repairs import services
from tests import factories

WRITERS, EVENTS_EACH = 6, 15


@pytest.fixture
def slow_commits():
    """Every commit that wrote events pauses before it completes, as a busy server might."""

    def pause(session: Session) -> None:
        time.sleep(random.uniform(0, 0.01))

    event.listen(Session, "before_commit", pause)
    yield
    event.remove(Session, "before_commit", pause)


def write_events(app, writer: int, barrier: threading.Barrier) -> None:
    """One writer: EVENTS_EACH transactions of one or two events each."""
    with app.app_context():
        barrier.wait()
        for n in range(EVENTS_EACH):
            with write_transaction():
                record(EventKind.REPAIR_STARTED, vehicle_id=f"w{writer}", data={"n": n})
                if n % 3 == 0:
                    record(EventKind.REPAIR_ENDED, vehicle_id=f"w{writer}", data={"n": n})
        db.session.remove()


def work_jobs(app, barrier: threading.Barrier) -> None:
    """A repairer's real writes through the services, among the others."""
    with app.app_context():
        barrier.wait()
        for n in range(EVENTS_EACH):
            services.start_job("r-1", f"j-{n}", "grips")
            services.finish_job(f"j-{n}")
        db.session.remove()


def test_a_poller_sees_every_event_once_in_order_under_concurrent_writers(
    app, api, workshop, slow_commits
):
    api.start_repair()  # repair.started, and the scooter's Drive tags filed as complaints
    before = len(db.session.scalars(select(Event.id)).all())
    token = factories.make_token("poller")
    db.session.commit()
    barrier = threading.Barrier(WRITERS + 2)
    writers = [
        threading.Thread(target=write_events, args=(app, w, barrier)) for w in range(WRITERS)
    ]
    writers.append(threading.Thread(target=work_jobs, args=(app, barrier)))
    for thread in writers:
        thread.start()

    seen: list[dict] = []
    cursor = None
    poller = app.test_client()  # its own app context per request, as a separate process would
    headers = {"Authorization": f"Bearer {token}"}
    barrier.wait()
    while True:
        writing = any(thread.is_alive() for thread in writers)
        query = {"limit": 7} | ({"after": cursor} if cursor else {})
        page = poller.get("/api/events", query_string=query, headers=headers).get_json()
        seen += page["events"]
        cursor = page["next"]
        if not writing and not page["has_more"]:
            break
    for thread in writers:
        thread.join()

    db.session.expire_all()
    stored = list(db.session.scalars(select(Event.id).order_by(Event.id)))
    expected = before + WRITERS * (EVENTS_EACH + EVENTS_EACH // 3) + 2 * EVENTS_EACH
    assert len(stored) == expected
    seen_cursors = [e["cursor"] for e in seen]
    assert len(set(seen_cursors)) == len(seen_cursors), "an event was given twice"
    assert len(seen) == expected, "an event was skipped"
    for writer in range(WRITERS):
        mine = [e["data"]["n"] for e in seen if e["vehicle_id"] == f"w{writer}"]
        assert mine == sorted(mine), "a writer's events out of their order"
    jobs = [(e["kind"], e["job_id"]) for e in seen if e["job_id"]]
    assert jobs == [
        (kind, f"j-{n}") for n in range(EVENTS_EACH) for kind in ("job.started", "job.ended")
    ]
