"""What the benchmark needs in the database and in the served app before it measures.

Direct database work (an API token, ids to ask for, the cursor of a deep history page) runs in
this process; everything a user would do (start repairs and jobs, log in, choose a warehouse)
goes through the served app's own API and pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import requests
from sqlalchemy import delete, func, select

from app.drive.simulator import generate_fleet
from app.extensions import db
from app.manager.history.queries import PAGE_SIZE
from app.models import ApiToken, ControlCommand, Job, Repair, Shift, Status, User, Vehicle
from app.web.cursors import Cursor

PREFIX = "bench-"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = 300  # the server may still be busy with a slow scenario's last requests


@dataclass
class Targets:
    """Ids and credentials the scenarios use."""

    token: str
    repairers: list[tuple[str, str]]  # (performer_id, place_id) for the job-start repairs
    vehicles: list[str]  # free scooters Drive knows, one per repair
    card_numbers: list[str]
    history_vehicles: list[str]
    deep_cursor: str
    manager: str
    job_repairs: list[str] = field(default_factory=list)
    screen_repair: str = ""


def prepare(nonce: str, repairs: int, pin: str) -> Targets:
    """Tidy up after earlier runs; issue a token; choose who and what the scenarios touch."""
    tidy()
    token, raw = ApiToken.issue(f"{PREFIX}{nonce}")
    db.session.add(token)
    db.session.commit()
    known = {s.vehicle_id: s.number for s in generate_fleet().scooters}
    stored = db.session.execute(select(Vehicle.vehicle_id, Vehicle.number)).all()
    on_drive = [(vid, number) for vid, number in stored if known.get(vid) == number]
    if len(on_drive) < 2:
        raise RuntimeError("the data set has no scooter the Drive simulator knows")
    count = min(repairs + 1, len(on_drive))
    people = db.session.execute(
        select(User.performer_id)
        .where(User.role == "repairer", User.active)
        .order_by(User.performer_id)
        .limit(count)
    ).scalars()
    repairers = [(p, _home_place(p)) for p in people]
    return Targets(
        token=raw,
        repairers=repairers,
        vehicles=[vid for vid, _n in on_drive[: len(repairers)]],
        card_numbers=[number for _v, number in on_drive],
        # Scooters Drive knows, as every scooter of a real fleet is: for one it does not know,
        # the history API would ask Drive for the mileage on every call, in vain.
        history_vehicles=[vid for vid, _n in on_drive],
        deep_cursor=deep_cursor(1000),
        manager=db.session.scalar(select(User.performer_id).where(User.role == "manager")),
    )


def deep_cursor(page: int, status: str = Status.COMPLETED) -> str:
    """The history list's cursor (`after=`) that opens page `page` of the repairs with this
    status (the list the history scenarios read)."""
    row = db.session.execute(
        select(Repair.started_at, Repair.id)
        .where(Repair.status == status)
        .order_by(Repair.started_at.desc(), Repair.id.desc())
        .offset(PAGE_SIZE * (page - 1) - 1)
        .limit(1)
    ).one()
    return Cursor(row.started_at, row.id).encode()


def _home_place(performer_id: str) -> str:
    return db.session.scalar(
        select(Shift.place_id)
        .where(Shift.performer_id == performer_id)
        .order_by(Shift.started_at.desc())
        .limit(1)
    )


def tidy(shifts_of: str | None = None, since: datetime | None = None) -> None:
    """Delete what benchmark runs added (their repairs, jobs, audit rows and API tokens, and
    the shifts `shifts_of` started since `since`), so the data set stays the generated one."""
    if shifts_of and since:
        db.session.execute(
            delete(Shift).where(Shift.performer_id == shifts_of, Shift.started_at >= since)
        )
    ours = select(Repair.id).where(Repair.repair_id.like(f"{PREFIX}%"))
    db.session.execute(delete(Job).where(Job.repair_pk.in_(ours)))
    db.session.execute(delete(ControlCommand).where(ControlCommand.repair_id.like(f"{PREFIX}%")))
    db.session.execute(delete(Repair).where(Repair.repair_id.like(f"{PREFIX}%")))
    db.session.execute(delete(ApiToken).where(ApiToken.name.like(f"{PREFIX}%")))
    db.session.commit()


def data_set_counts() -> dict[str, int]:
    """Rows in the tables that matter, for the report."""
    tables = {"repairs": Repair, "jobs": Job, "vehicles": Vehicle, "shifts": Shift}
    return {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in tables.items()
    }


def start_repairs(base: str, targets: Targets, nonce: str) -> None:
    """Start one performing repair per repairer through the API; the last is the tablet's."""
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {targets.token}"
    for n, ((performer_id, place_id), vehicle_id) in enumerate(
        zip(targets.repairers, targets.vehicles, strict=True)
    ):
        repair_id = f"{PREFIX}{nonce}-{n}"
        body = {
            "repair_id": repair_id,
            "performer_id": performer_id,
            "vehicle_id": vehicle_id,
            "place_id": place_id,
        }
        _ok(api.post(f"{base}/api/repair/start", json=body, timeout=TIMEOUT))
        targets.job_repairs.append(repair_id)
    targets.screen_repair = targets.job_repairs.pop()
    for n, status in enumerate(("completed", "failed", None)):
        job_id = f"{targets.screen_repair}-job-{n}"
        body = {"repair_id": targets.screen_repair, "job_id": job_id, "type": "brake_cable"}
        _ok(api.post(f"{base}/api/repair-job/start", json=body, timeout=TIMEOUT))
        if status:
            ended = {"job_id": job_id, "status": status}
            _ok(api.post(f"{base}/api/repair-job/end", json=ended, timeout=TIMEOUT))


def end_repairs(base: str, targets: Targets) -> None:
    """Cancel the benchmark's repairs (their jobs end with them)."""
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {targets.token}"
    for repair_id in [*targets.job_repairs, targets.screen_repair]:
        body = {"repair_id": repair_id, "status": "cancelled"}
        _ok(api.post(f"{base}/api/repair/end", json=body, timeout=TIMEOUT))


def log_in(base: str, performer_id: str, pin: str, place_id: str | None = None):
    """A browser-like session logged in through /login (and on shift at `place_id`)."""
    browser = requests.Session()
    page = _ok(browser.get(f"{base}/login", timeout=TIMEOUT))
    form = {"performer_id": performer_id, "pin": pin, "csrf_token": _csrf(page.text)}
    _ok(browser.post(f"{base}/login", data=form, timeout=TIMEOUT))
    if place_id:
        page = _ok(browser.get(f"{base}/t/place", timeout=TIMEOUT))
        form = {"place_id": place_id, "csrf_token": _csrf(page.text)}
        _ok(browser.post(f"{base}/t/place", data=form, timeout=TIMEOUT))
    return browser


def cookie_header(browser: requests.Session, base: str, path: str) -> str:
    """A fresh Cookie header for wrk: visiting `path` first renews the idle-logout clock."""
    _ok(browser.get(f"{base}{path}", timeout=TIMEOUT, allow_redirects=False))
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def _ok(response: requests.Response) -> requests.Response:
    if response.status_code >= 400 or (
        300 <= response.status_code < 400 and "login" in response.headers.get("Location", "")
    ):
        raise RuntimeError(f"{response.request.method} {response.url}: {response.status_code}")
    return response
