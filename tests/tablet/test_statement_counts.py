"""How many SQL statements a tablet page costs: every tap pays them, and a count, unlike a
time, is the same on every run (docs/PERFORMANCE.md, "Round 3: fixed cost"). The limits are
the counts after round 3; a change that adds a statement to these pages must say why here."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.tablet.conftest import post, start_repair, text

LIMITS = {
    # the user with his shift and its warehouse; the open repair with its plate; his open field
    # mission (issue 15), if any
    "/t/": 3,
    # + the repair, its jobs, the vehicle, settling, the commands; the complaints panel (issue
    # 14): the scooter's complaints, open first, and their job links
    "/t/repairs/r-1": 8,
    # + the plate, the recent repairs with their jobs (own repair); the complaints panel (the
    # complaints, their job links) and the way panel (the latest stage, a repair in progress)
    "/t/scooter/0421": 7,
    "/t/scooter/0013": 8,  # another scooter: + my open repair, to link to it
}


@contextmanager
def statements():
    """The statements run meanwhile, BEGIN left out (SQLite's; PostgreSQL reads autocommit)."""
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        if not statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)


@pytest.fixture
def repairing(tablet, simulator):
    """rep-1 on shift, repairing scooter 0421 with two jobs done; 0013 seen once before."""
    start_repair(tablet, simulator, "0421")
    for job_type in ("brake_cable", "grips"):
        post(tablet, "/t/repairs/r-1/jobs", {"job_id": f"j-{job_type}", "type": job_type})
    tablet.get("/t/scooter/0013/drive")  # Drive tells us of 0013's plate: a known scooter
    tablet.get("/t/scooter/0421/drive")
    return tablet


@pytest.mark.parametrize("path", list(LIMITS))
def test_a_tablet_page_stays_within_its_statements(repairing, path):
    repairing.get(path)  # per-worker copies (job types) are warm, as on a serving worker

    with statements() as seen:
        response = repairing.get(path)

    assert response.status_code == 200
    assert len(seen) <= LIMITS[path], "\n".join(seen)


def test_the_pages_still_link_the_open_repair_by_its_plate(repairing):
    home = text(repairing.get("/t/"))
    other = text(repairing.get("/t/scooter/0013"))

    assert "У вас идёт ремонт: самокат 0421." in home
    assert "У вас идёт ремонт: самокат 0421." in other
    assert 'href="/t/repairs/r-1"' in repairing.get("/t/scooter/0013").get_data(as_text=True)
