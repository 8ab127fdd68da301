"""`python -m bench profile`: the fixed cost of tablet pages, in-process and deterministic.

A scratch database (a temporary SQLite file, or `--database-url`: a new, empty one) gets one
warehouse, one repairer on shift and one performing repair with three jobs, made through the
app's own pages; then each page is asked for `--requests` times through Flask's test client
with the logged-in session, as a tablet would, and for each the SQL statements per request
(exact) and the process CPU time per request (a figure of this machine) are printed. With
`--profile DIR` each page's cProfile is written there (`python -m pstats DIR/tablet_home.prof`).

No server, no network: this measures what one request costs the worker, not what wrk sees.
"""

from __future__ import annotations

import argparse
import cProfile
import re
import secrets
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event

from app import create_app
from app.drive import simulator_for
from app.extensions import db
from app.models import Place, User

PIN = "2468"
_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", default="", help="a new, empty database; else SQLite")
    p.add_argument("--requests", type=int, default=2000, help="requests per page")
    p.add_argument("--profile", type=Path, default=None, help="write cProfile files here")


@contextmanager
def counting(engine):
    """A list that gathers every statement the engine runs meanwhile."""
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def _post(client, path: str, data: dict) -> None:
    token = _CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(path, data={"csrf_token": token, **data})
    assert response.status_code in (200, 302, 303), (path, response.status_code)


def prepare(app, work: Path):
    """The repairer on shift with a performing repair; the client and the pages to measure."""
    with app.app_context():
        upgrade()
        db.session.add(Place(place_id="wh-1", name="Склад", timezone="Europe/Moscow"))
        user = User(performer_id="rep-1", name="Иван Петров", role="repairer")
        user.set_pin(PIN)
        db.session.add(user)
        db.session.commit()
        db.session.remove()
    scooter = simulator_for(app).scooter(number="0421")
    client = app.test_client()
    _post(client, "/login", {"performer_id": "rep-1", "pin": PIN})
    _post(client, "/t/place", {"place_id": "wh-1"})
    _post(client, "/t/repairs", {"repair_id": "r-1", "vehicle_id": scooter.vehicle_id})
    for job_type in ("brake_cable", "grips", "tyre"):
        _post(client, "/t/repairs/r-1/jobs", {"job_id": f"j-{job_type}", "type": job_type})
    return client, {
        "tablet_home": "/t/",
        "repair_screen": "/t/repairs/r-1",
        "card": "/t/scooter/0421",
    }


def measure(engine, client, path: str, requests: int, profile: Path | None) -> tuple[float, float]:
    """(statements, CPU ms) per request of `path`, after a warm-up. Called outside any app
    context, so each request has its own, as in production (nothing on `g` carries over)."""
    for _ in range(20):
        assert client.get(path).status_code == 200
    profiler = cProfile.Profile() if profile else None
    with counting(engine) as seen:
        began = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(requests):
            client.get(path)
        if profiler:
            profiler.disable()
        cpu = time.process_time() - began
    if profiler:
        profiler.dump_stats(str(profile))
    return len(seen) / requests, cpu * 1000 / requests


def main(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="sor-profile-"))
    url = args.database_url or f"sqlite:///{work / 'profile.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(16),
            "PIN_HASH_METHOD": "pbkdf2:sha256:1000",
            "DRIVE_URL": None,
            "DRIVE_SIMULATOR_PATH": str(work / "drive-simulator.sqlite3"),
            "LOGIN_THROTTLE_STORAGE": f"sqlite:///{work / 'throttle.sqlite3'}",
            "SECURITY_LOG": str(work / "security.log"),
        }
    )
    client, pages = prepare(app, work)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    print(f"{args.requests} requests per page on {url.split(':')[0]}")
    print(f"{'page':14} {'statements':>10} {'CPU ms':>8}")
    with app.app_context():
        engine = db.engine
    for name, path in pages.items():
        out = args.profile / f"{name}.prof" if args.profile else None
        statements, cpu_ms = measure(engine, client, path, args.requests, out)
        print(f"{name:14} {statements:10.2f} {cpu_ms:8.3f}", flush=True)
    with app.app_context():
        db.engine.dispose()
    return 0
