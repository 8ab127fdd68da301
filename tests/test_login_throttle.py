"""Guessing PINs: the throttle counts atomically in a sliding window, by performer and address
together first, with a higher performer-wide limit a manager can lift; the page says how many
tries are left; X-Forwarded-For counts only when a configured proxy sends it."""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from app import create_app
from app.auth import throttle as throttle_module
from devtools.server import gunicorn
from tests import factories
from tests.conftest import RequestScopedClient
from tests.support.pages import log_in, post_form

PIN = factories.DEFAULT_PIN
WRONG = "9753"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")


def security_events(app) -> list[dict]:
    path = Path(app.config["SECURITY_LOG"])
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def browser(app, address: str, language: str | None = None):
    """A new browser whose requests come from `address`."""
    app.test_client_class = RequestScopedClient
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if language:
        post_form(client, f"/language/{language}", {"next": "/login"})
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def repairer(app):
    return factories.make_user("rep-1", "Иван Петров")


# Atomic counting


@pytest.mark.slow
@pytest.mark.parametrize("storage", ["sqlite", pytest.param("redis", marks=needs_redis)])
def test_40_wrong_pins_at_once_get_at_most_the_limit_checked(app, app_config, tmp_path, storage):
    performer_id = f"rep-{uuid.uuid4().hex[:8]}"
    factories.make_user(performer_id)
    env = {
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "throttle-secret",
        "DRIVE_SIMULATOR_PATH": app_config["DRIVE_SIMULATOR_PATH"],
        "SECURITY_LOG": str(tmp_path / "security.log"),
        "PIN_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOGIN_THROTTLE_STORAGE": (
            "redis://127.0.0.1:6379/15"
            if storage == "redis"
            else "sqlite:///" + str(tmp_path / "throttle.sqlite3")
        ),
        "LOGIN_THROTTLE_PREFIX": f"test:{uuid.uuid4().hex}:",
    }
    with gunicorn(env, workers=4, threads=4, log_path=tmp_path / "gunicorn.log") as served:
        base = served.base
        sessions, tokens = [], []
        for _ in range(40):
            session = requests.Session()
            page = session.get(f"{base}/login", timeout=10).text
            tokens.append(re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1))
            sessions.append(session)
        barrier = threading.Barrier(40)
        statuses: list[int] = [0] * 40

        def guess(i: int) -> None:
            form = {"csrf_token": tokens[i], "performer_id": performer_id, "pin": WRONG}
            barrier.wait()
            statuses[i] = sessions[i].post(f"{base}/login", data=form, timeout=60).status_code

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    counted = Counter(statuses)
    assert set(counted) <= {422, 429}, counted
    assert counted[422] == 5, counted  # PINs checked: exactly the limit, never more
    events = [
        json.loads(line)["event"] for line in Path(env["SECURITY_LOG"]).read_text().splitlines()
    ]
    checked = [e for e in events if e in ("login_failed", "login_locked")]
    assert len(checked) == 5 and events.count("login_refused") == 35


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=needs_redis)])
def storage_config(request, app_config, tmp_path) -> dict:
    """Settings for each storage of the counts: the SQLite file and Redis (own key prefix)."""
    if request.param == "sqlite":
        return app_config | {"LOGIN_THROTTLE_STORAGE": f"sqlite:///{tmp_path}/counts.sqlite3"}
    return app_config | {
        "LOGIN_THROTTLE_STORAGE": "redis://127.0.0.1:6379/15",
        "LOGIN_THROTTLE_PREFIX": f"test:{uuid.uuid4().hex}:",
    }


def test_each_storage_grants_at_most_the_limit_to_threads_racing(storage_config, app):
    throttle = create_app(storage_config).extensions["login_throttle"]
    barrier = threading.Barrier(40)
    granted: list[bool] = []

    def attempt() -> None:
        barrier.wait()
        granted.append(throttle.begin("rep-1", "10.20.0.4").allowed)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(granted) == [False] * 35 + [True] * 5


def test_each_storage_enforces_the_same_policy(storage_config, app):
    throttle = create_app(storage_config).extensions["login_throttle"]
    for _ in range(5):
        assert throttle.begin("rep-9", "10.1.1.1").allowed
    refused = throttle.begin("rep-9", "10.1.1.1")
    assert (refused.allowed, refused.scope) == (False, "performer_and_address")
    assert 0 < refused.retry_after_s <= throttle.window

    elsewhere = throttle.begin("rep-9", "10.1.1.2")
    assert (elsewhere.allowed, elsewhere.tries_left) == (True, 4)
    throttle.succeeded(elsewhere, "rep-9", "10.1.1.2")
    assert throttle.lock("rep-9").failures == 5 and throttle.lock("rep-9").locked

    assert throttle.lift("rep-9").failures == 5
    assert throttle.lock("rep-9").failures == 0
    assert throttle.begin("rep-9", "10.1.1.1").allowed
    # The address keeps its own count: lifting a performer's lock forgives nobody else there.
    for n in range(14):
        throttle.begin(f"guess-{n}", "10.1.1.1")
    assert throttle.begin("rep-8", "10.1.1.1").scope == "address"


def test_the_counts_are_shared_by_every_worker(app_config, app, repairer):
    other_worker = create_app(app_config)  # a second process would build the same
    throttle = other_worker.extensions["login_throttle"]
    for _ in range(5):
        throttle.begin("rep-1", "10.20.0.4")

    assert log_in(browser(app, "10.20.0.4"), "rep-1", PIN).status_code == 429


def test_a_right_pin_forgives_the_users_own_typos(app, repairer):
    tablet = browser(app, "10.20.0.4")
    for _ in range(4):
        assert log_in(tablet, "rep-1", WRONG).status_code == 422
    assert log_in(tablet, "rep-1", PIN).status_code == 302

    assert app.extensions["login_throttle"].lock("rep-1").failures == 0
    later = browser(app, "10.20.0.4")
    assert "До блокировки осталось 4 попытки." in text(log_in(later, "rep-1", WRONG))


# Sliding window


def test_a_window_boundary_gives_no_second_allowance(app, repairer, monkeypatch):
    window = app.config["LOGIN_THROTTLE_WINDOW"]
    now = [window * 1_000_000 + window - 2.0]  # two seconds before a fixed window would end
    monkeypatch.setattr(throttle_module, "time", SimpleNamespace(time=lambda: now[0]))
    tablet = browser(app, "10.20.0.4")
    for _ in range(5):
        assert log_in(tablet, "rep-1", WRONG).status_code == 422

    now[0] += 4  # a new fixed window would have begun: the last 5 failures still count
    assert log_in(tablet, "rep-1", WRONG).status_code == 429
    now[0] += window - 10
    assert log_in(tablet, "rep-1", PIN).status_code == 429

    now[0] += 7  # a full window after the failures: the lock has ended by itself
    assert log_in(tablet, "rep-1", PIN).status_code == 302


# Performer and address together first


def test_wrong_pins_from_one_address_do_not_lock_the_user_out_elsewhere(app, repairer):
    attacker = browser(app, "203.0.113.7")
    for _ in range(5):
        assert log_in(attacker, "rep-1", WRONG).status_code == 422
    assert log_in(attacker, "rep-1", PIN).status_code == 429  # the attacker is stopped

    assert log_in(browser(app, "10.20.0.4"), "rep-1", PIN).status_code == 302  # the user is not
    locked = [e for e in security_events(app) if e["event"] == "login_locked"]
    assert [(e["performer_id"], e["address"], e["scope"]) for e in locked] == [
        ("rep-1", "203.0.113.7", "performer_and_address")
    ]


def test_the_performer_wide_limit_locks_everywhere_until_a_manager_lifts_it(app, repairer):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    office = browser(app, "10.0.0.2")
    assert log_in(office, "boss", PIN).status_code == 302
    limit = app.config["LOGIN_MAX_FAILURES_PER_PERFORMER"]
    assert limit > app.config["LOGIN_MAX_FAILURES"]
    for n in range(limit):  # a guesser spread over many addresses, 4 tries from each
        assert log_in(browser(app, f"198.51.100.{n // 4 + 1}"), "rep-1", WRONG).status_code == 422

    tablet = browser(app, "10.20.0.4")
    refused = log_in(tablet, "rep-1", PIN)
    assert refused.status_code == 429
    assert "Попросите менеджера снять блокировку" in text(refused)

    user_page = text(office.get("/admin/users/rep-1"))
    assert "Вход заблокирован" in user_page
    lifted = post_form(office, "/admin/users/rep-1/unlock", page="/admin/users/rep-1")
    assert lifted.status_code == 303
    assert "Блокировка снята" in text(office.get(lifted.headers["Location"]))

    assert log_in(tablet, "rep-1", PIN).status_code == 302
    events = security_events(app)
    assert [e["scope"] for e in events if e["event"] == "login_locked"] == ["performer"]
    lift = [e for e in events if e["event"] == "lock_lifted"]
    assert [(e["performer_id"], e["by"]) for e in lift] == [("rep-1", "boss")]


def test_a_repairer_cannot_lift_a_lock(app, repairer):
    factories.make_user("rep-2", "Пётр Иванов")
    for _ in range(5):
        log_in(browser(app, "10.20.0.4"), "rep-1", WRONG)
    other = browser(app, "10.20.0.5")
    log_in(other, "rep-2", PIN)

    refused = post_form(other, "/admin/users/rep-1/unlock", page="/t/place")

    assert refused.status_code == 403
    assert log_in(browser(app, "10.20.0.4"), "rep-1", PIN).status_code == 429


# One address shared by a whole warehouse


def test_each_storage_forgives_a_shared_address_the_typos_of_people_who_then_log_in(
    storage_config, app
):
    """30 repairers behind one warehouse address each mistype once, then log in: the address
    limit (20) counts what nobody has vouched for, so the 31st still gets in."""
    throttle = create_app(storage_config).extensions["login_throttle"]
    for n in range(30):
        typo = throttle.begin(f"rep-{n}", "10.5.0.1")
        assert typo.allowed, n
        right = throttle.begin(f"rep-{n}", "10.5.0.1")
        throttle.succeeded(right, f"rep-{n}", "10.5.0.1")

    assert throttle.begin("rep-30", "10.5.0.1").allowed


def test_each_storage_still_stops_an_address_guessing_many_performers(storage_config, app):
    """A guesser's own right PIN forgives his own typos only: 20 wrong PINs against others'
    ids lock the address, whatever he logs in as in between."""
    throttle = create_app(storage_config).extensions["login_throttle"]
    for n in range(20):
        assert throttle.begin(f"victim-{n}", "198.51.100.9").allowed, n
        if n % 5 == 4:
            own = throttle.begin("guesser", "198.51.100.9")
            throttle.succeeded(own, "guesser", "198.51.100.9")

    refused = throttle.begin("victim-99", "198.51.100.9")
    assert (refused.allowed, refused.scope) == (False, "address")
    assert throttle.begin("victim-99", "198.51.100.10").allowed  # elsewhere, he is not locked


def test_a_warehouse_behind_one_address_is_not_locked_out_by_its_own_typos(app):
    """Through the login page: 25 repairers at tablets sharing one address, each with a typo."""
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    people = [factories.make_user(f"rep-{n}", f"Ремонтник {n}") for n in range(limit + 5)]
    for person in people:
        tablet = browser(app, "10.30.0.1")
        assert log_in(tablet, person.performer_id, WRONG).status_code == 422
        assert log_in(tablet, person.performer_id, PIN).status_code == 302

    late = factories.make_user("rep-late", "Опоздавший")
    assert log_in(browser(app, "10.30.0.1"), late.performer_id, PIN).status_code == 302


# Tries left, on the page


@pytest.mark.parametrize(
    "language,one_wrong,four_wrong,locked",
    [
        (
            None,
            "До блокировки осталось 4 попытки.",
            "До блокировки осталась 1 попытка.",
            "Слишком много неверных PIN-кодов. Попробуйте снова через 15 мин.",
        ),
        (
            "en",
            "4 tries left before a lock.",
            "1 try left before a lock.",
            "Too many wrong PINs. Try again in 15 min.",
        ),
    ],
)
def test_the_login_page_says_how_many_tries_are_left(
    app, repairer, language, one_wrong, four_wrong, locked
):
    tablet = browser(app, "10.20.0.4", language)

    assert one_wrong in text(log_in(tablet, "rep-1", WRONG))
    for _ in range(2):
        log_in(tablet, "rep-1", WRONG)
    assert four_wrong in text(log_in(tablet, "rep-1", WRONG))
    assert locked in text(log_in(tablet, "rep-1", WRONG))


# X-Forwarded-For


@pytest.mark.parametrize("trusted", [1, "1", "10.0.0.5", "10.0.0.0/24, 192.168.0.0/16"])
def test_x_forwarded_for_from_a_direct_client_is_ignored(app_config, app, repairer, trusted):
    proxied = create_app(app_config | {"TRUSTED_PROXIES": trusted})
    direct = browser(proxied, "203.0.113.7")
    for n in range(5):  # a new made-up address each time
        direct.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
        assert log_in(direct, "rep-1", WRONG).status_code == 422

    direct.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    assert log_in(direct, "rep-1", PIN).status_code == 429
    assert {e["address"] for e in security_events(proxied)} == {"203.0.113.7"}


@pytest.mark.parametrize(
    "trusted,peer,forwarded,client",
    [
        ("10.0.0.5", "10.0.0.5", "198.51.100.23", "198.51.100.23"),
        ("10.0.0.5", "10.0.0.5", "192.0.2.1, 198.51.100.23", "198.51.100.23"),
        ("10.0.0.5, 192.168.0.0/16", "10.0.0.5", "198.51.100.23, 192.168.1.10", "198.51.100.23"),
        ("1", "127.0.0.1", "198.51.100.23", "198.51.100.23"),  # the old count: a local proxy
    ],
)
def test_x_forwarded_for_from_a_configured_proxy_names_the_client(
    app_config, app, repairer, trusted, peer, forwarded, client
):
    proxied = create_app(app_config | {"TRUSTED_PROXIES": trusted})
    behind_proxy = browser(proxied, peer)
    behind_proxy.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded

    assert log_in(behind_proxy, "rep-1", PIN).status_code == 302
    assert security_events(proxied)[-1]["address"] == client


def test_a_bad_trusted_proxies_setting_stops_the_app_with_a_clear_message(app_config, app):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        create_app(app_config | {"TRUSTED_PROXIES": "10.0.0.300"})
