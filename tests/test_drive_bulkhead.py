"""A stalling Drive holds at most a few threads of each worker: pages without Drive still answer.

gunicorn runs as scripts/serve runs it (2 workers x 4 threads, the default bulkhead of 2 Drive
calls per worker) in front of a Drive that trickles its answers a byte at a time. The app's
Drive timeouts are long here, so the stalled calls stay open for the whole test.
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from devtools.server import gunicorn
from tests import factories
from tests.support.fake_drive import Reply, Trickle, start_fake_drive, stop_fake_drive

pytestmark = pytest.mark.slow

WORKERS, THREADS, MAX_IN_FLIGHT = 2, 4, 2  # scripts/serve's defaults, and the config's
STALLED = WORKERS * MAX_IN_FLIGHT
AT_ONCE = 2.0  # seconds: generous on a busy machine; a stalled call would take a minute
NUMBER, VEHICLE = "0777", "veh-bulkhead"
CAR = {"car": {"id": VEHICLE, "number": NUMBER, "model": "ninebot_max_g30", "mileage_km": 1200.0}}
DETAILS = "/api/taxi/car/details"


@pytest.fixture
def drive():
    drive = start_fake_drive().always(Reply(200, CAR))
    yield drive
    stop_fake_drive(drive)


@pytest.fixture
def server(app, app_config, drive, tmp_path):
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "bulkhead-secret",
        "PIN_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOGIN_THROTTLE_STORAGE": app_config["LOGIN_THROTTLE_STORAGE"],
        "SECURITY_LOG": app_config["SECURITY_LOG"],
        "DRIVE_URL": drive.url,
        "DRIVE_READ_TIMEOUT": "60",
        "DRIVE_COMMAND_TIMEOUT": "60",
        "DRIVE_MAX_IN_FLIGHT": "",  # the default
    }
    with gunicorn(
        env,
        workers=WORKERS,
        log_path=tmp_path / "gunicorn.log",
        threads=THREADS,
    ) as served:
        yield served.base


@pytest.fixture
def token(app):
    factories.make_place("wh-1")
    factories.make_user("rep-1")
    return factories.make_token()


def api_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def tablet_session(base: str) -> requests.Session:
    """rep-1 logged in through the login form."""
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    csrf = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf, "performer_id": "rep-1", "pin": factories.DEFAULT_PIN}
    assert session.post(f"{base}/login", data=form, timeout=10).ok
    return session


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_pages_without_drive_answer_at_once_while_the_most_drive_calls_stall(server, drive, token):
    api = api_session(token)

    def card(timeout: float) -> requests.Response:
        """The scooter's card in the API: our records and Drive's live data."""
        return api_session(token).get(
            f"{server}/api/scooter/info", params={"vehicle_id": VEHICLE}, timeout=timeout
        )

    # Before Drive stalls: a repairer on shift, with a repair open (its start read Drive).
    api.post(f"{server}/api/shift/start", json={"performer_id": "rep-1", "place_id": "wh-1"})
    start = {"repair_id": "r-1", "performer_id": "rep-1", "vehicle_id": VEHICLE, "place_id": "wh-1"}
    assert api.post(f"{server}/api/repair/start", json=start, timeout=10).status_code == 201
    tablet = tablet_session(server)
    asked_before = drive.count("GET", DETAILS)
    drive.always(Trickle(200, CAR, interval=0.5))

    # Scooter cards, one after another, until every worker has its most Drive calls stalled.
    stalled: list[threading.Thread] = []
    while drive.count("GET", DETAILS) - asked_before < STALLED:
        assert len(stalled) < 40, "the Drive calls never piled up"
        stalled.append(_in_background(lambda: card(timeout=90)))
        time.sleep(0.3)

    # As many more scooter cards as the server has threads, and meanwhile pages that need no
    # Drive: the pages answer at once, and so do the cards, refused by the bulkhead.
    with ThreadPoolExecutor(WORKERS * THREADS) as pool:
        more_cards = [pool.submit(timed, lambda: card(timeout=5)) for _ in range(WORKERS * THREADS)]
        login, login_seconds = timed(lambda: requests.get(f"{server}/login", timeout=5))
        screen, screen_seconds = timed(lambda: tablet.get(f"{server}/t/repairs/r-1", timeout=5))
        history, history_seconds = timed(
            lambda: api.get(
                f"{server}/api/scooter/repair-history", params={"vehicle_id": VEHICLE}, timeout=5
            )
        )
        cards = [future.result() for future in more_cards]

    assert login.status_code == 200 and login_seconds < AT_ONCE
    assert screen.status_code == 200 and screen_seconds < AT_ONCE
    assert f"Ремонт самоката {NUMBER}" in screen.text
    assert history.status_code == 200 and history_seconds < AT_ONCE
    assert [r["repair_id"] for r in history.json()["repairs"]] == ["r-1"]
    for response, seconds in cards:
        assert response.status_code == 200 and seconds < AT_ONCE, (response.status_code, seconds)
        body = response.json()
        assert body["drive"] == {"ok": False, "error": "unavailable"}  # what we know, at once
        assert body["number"] == NUMBER and body["active_repair"]["repair_id"] == "r-1"

    # No Drive call beyond the bulkhead's ever went out.
    assert drive.count("GET", DETAILS) - asked_before == STALLED


def _in_background(call) -> threading.Thread:
    """Run ``call`` on a daemon thread; a call cut off when the server stops is expected."""

    def run():
        try:
            call()
        except requests.RequestException:
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
