"""Two app hosts behind nginx, sharing PostgreSQL and Redis, behave as one (README, "Run it in
production", "Several hosts"): each host has its own instance folder and port, as on two
machines. Needs PostgreSQL (TEST_DATABASE_URL; CI gives it), Redis on 127.0.0.1:6379 and
Debian's nginx (installed here when missing and allowed)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis
import requests
import sqlalchemy as sa

from app import create_app
from app.drive import simulator_for
from devtools.server import Server, _stop, gunicorn
from tests import factories
from tests.support.database import on_postgres, scratch_postgres_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL: set TEST_DATABASE_URL"),
]

REDIS = "redis://127.0.0.1:6379/0"
NGINX_PORTS = range(8350, 8400)  # this suite's share of the machine
MANAGER_PIN = "long passphrase 42"
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found:
        return found
    install = ["apt-get", "install", "-y", "-qq", "nginx"]
    result = subprocess.run(
        install,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "DEBIAN_FRONTEND": "noninteractive"},
    )
    assert result.returncode == 0, f"cannot install nginx: {result.stderr[-500:]}"
    return shutil.which("nginx", path="/usr/sbin:/usr/bin")


def free_nginx_port() -> int:
    for port in NGINX_PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for nginx in 8350-8399")


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    upstream app {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@contextmanager
def nginx(tmp: Path, hosts: list[Server]):
    """nginx on a loopback port, round robin over `hosts`."""
    port = free_nginx_port()
    servers = "\n".join(
        f"        server {h.base.removeprefix('http://')} max_fails=1 fail_timeout=30s;"
        for h in hosts
    )
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, servers=servers, port=port))
    process = subprocess.Popen(
        [nginx_binary(), "-c", str(conf), "-p", str(tmp)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                if process.poll() is not None:
                    raise RuntimeError((tmp / "nginx-error.log").read_text()) from None
            threading.Event().wait(0.1)
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(nginx base URL, [host A, host B], database URL, the seed: token, vehicles)."""
    tmp = tmp_path_factory.mktemp("hosts")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"needs Redis at {REDIS}: {error}")
    prefix = f"sor-test-{uuid.uuid4().hex[:8]}:"
    with ExitStack() as stack:
        url = stack.enter_context(scratch_postgres_database())
        shared = {
            "DATABASE_URL": url,
            "SECRET_KEY": "shared-by-every-host",
            "LOGIN_THROTTLE_STORAGE": REDIS,
            "LOGIN_THROTTLE_PREFIX": prefix,
            "LOGIN_MAX_FAILURES": "3",
            "TRUSTED_PROXIES": "127.0.0.1",
            "API_TOKEN_CACHE_SECONDS": "0",  # revocation at once (README: else within that time)
            "JOB_TYPES_MAX_AGE_SECONDS": "0",
            "DRIVE_SIMULATOR_PATH": str(tmp / "drive.sqlite3"),  # one Drive for both hosts
        }
        seed = _migrate_and_seed(shared, tmp)
        hosts = []
        for name in ("a", "b"):
            env = shared | {"INSTANCE_PATH": str(tmp / f"instance-{name}")}
            log = tmp / f"gunicorn-{name}.log"
            hosts.append(stack.enter_context(gunicorn(env, workers=2, threads=2, log_path=log)))
        base = stack.enter_context(nginx(tmp, hosts))
        yield base, hosts, url, seed
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


def _migrate_and_seed(shared: dict, tmp: Path) -> dict:
    from flask_migrate import upgrade

    saved = {k: os.environ.get(k) for k in shared}
    os.environ.update(shared | {"INSTANCE_PATH": str(tmp / "instance-seed")})
    try:
        app = create_app()
        with app.app_context():
            upgrade()
            factories.make_place("wh-1")
            factories.make_user("boss", "Ольга Соколова", role="manager", pin=MANAGER_PIN)
            factories.make_user("rep-x", "Пётр Иванов", pin="2468")
            performers = [f"rep-{n}" for n in range(1, 5)]
            for performer in performers:
                factories.make_user(performer, f"Ремонтник {performer}")
            token = factories.make_token("load")
            vehicles = [s.vehicle_id for s in simulator_for(app).scooters() if not s.offline]
            from app.extensions import db

            db.engine.dispose()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {"token": token, "vehicles": vehicles, "performers": performers}


def csrf_of(session: requests.Session, base: str, path: str = "/login") -> str:
    return CSRF.search(session.get(base + path, timeout=10).text).group(1)


def log_in(session: requests.Session, base: str, performer: str, pin: str, token: str = ""):
    token = token or csrf_of(session, base)
    data = {"csrf_token": token, "performer_id": performer, "pin": pin}
    return session.post(f"{base}/login", data=data, allow_redirects=False, timeout=10)


def test_a_session_and_csrf_token_made_on_one_host_work_on_the_other(cluster):
    _, (a, b), _, _ = cluster
    session = requests.Session()
    token = csrf_of(session, a.base)  # the form and its cookie come from host A

    answer = log_in(session, b.base, "boss", MANAGER_PIN, token)  # sent to host B
    page = session.get(f"{a.base}/admin/job-types", allow_redirects=False, timeout=10)

    assert answer.status_code == 302
    assert page.status_code == 200 and "boss" not in page.url


def test_the_pin_throttle_counts_wrong_pins_on_both_hosts(cluster):
    _, (a, b), _, _ = cluster
    wrong = [log_in(requests.Session(), h.base, "rep-x", "1357") for h in (a, b, a)]
    locked = log_in(requests.Session(), b.base, "rep-x", "2468")  # the right PIN, too late

    assert [r.status_code for r in wrong] == [422, 422, 422]  # the third locks: 2 on A, 1 on B
    assert locked.status_code == 429


def test_a_token_revoked_on_one_host_is_refused_by_the_other(cluster):
    _, (a, b), _, _ = cluster
    manager = requests.Session()
    log_in(manager, a.base, "boss", MANAGER_PIN)
    page = manager.post(
        f"{a.base}/admin/tokens",
        data={
            "csrf_token": csrf_of(manager, a.base, "/admin/tokens"),
            "name": "revoke-me",
            "form_key": uuid.uuid4().hex,
        },
        timeout=10,
    )
    raw = re.search(r'id="new-token"[^>]*value="([^"]+)"', page.text).group(1)
    headers = {"Authorization": f"Bearer {raw}"}
    before = requests.get(f"{b.base}/api/places", headers=headers, timeout=10)
    token_id = re.search(r"revoke-me.*?/admin/tokens/(\d+)/revoke", page.text, re.S).group(1)
    page_b = csrf_of(manager, b.base, "/admin/tokens")

    manager.post(
        f"{b.base}/admin/tokens/{token_id}/revoke", data={"csrf_token": page_b}, timeout=10
    )
    after = [requests.get(f"{h.base}/api/places", headers=headers, timeout=10) for h in (a, b)]

    assert before.status_code == 200
    assert [r.status_code for r in after] == [401, 401]


def test_logging_out_on_one_host_ends_the_session_on_the_other(cluster):
    _, (a, b), _, _ = cluster
    session = requests.Session()
    log_in(session, a.base, "boss", MANAGER_PIN)
    kept = dict(session.cookies)  # what a second tab, or a thief, still holds
    assert session.get(f"{b.base}/admin/job-types", allow_redirects=False, timeout=10).ok

    session.post(
        f"{b.base}/logout",
        data={"csrf_token": csrf_of(session, b.base, "/admin/job-types")},
        timeout=10,
    )
    replayed = requests.get(
        f"{a.base}/admin/job-types", cookies=kept, allow_redirects=False, timeout=10
    )

    assert replayed.status_code in (302, 303) and "/login" in replayed.headers["Location"]


def test_a_job_type_added_on_one_host_is_seen_by_the_other(cluster):
    _, (a, b), _, seed = cluster
    manager = requests.Session()
    log_in(manager, a.base, "boss", MANAGER_PIN)
    form = {
        "csrf_token": csrf_of(manager, a.base, "/admin/job-types"),
        "code": "mirror_swap",
        "name_ru": "Замена зеркала",
        "name_en": "Mirror swap",
    }

    added = manager.post(f"{a.base}/admin/job-types", data=form, allow_redirects=False, timeout=10)
    listed = requests.get(
        f"{b.base}/api/job-types", headers={"Authorization": f"Bearer {seed['token']}"}, timeout=10
    )

    assert added.status_code in (200, 302, 303)
    assert "mirror_swap" in [t["code"] for t in listed.json()["job_types"]]


RETRIED = (502, 503, 504)


def call(method: str, url: str, headers: dict, **kwargs) -> requests.Response:
    """A client that retries what a proxy or a dying host failed, with the same ids (the API's
    repair_id and job_id are idempotency tokens: a retry is never a second record)."""
    for _ in range(30):
        try:
            answer = requests.request(method, url, headers=headers, timeout=15, **kwargs)
        except requests.RequestException:
            continue
        if answer.status_code not in RETRIED:
            return answer
    raise AssertionError(f"{method} {url}: no answer after 30 tries")


def test_stopping_a_host_in_the_middle_of_a_load_loses_and_doubles_nothing(cluster):
    base, (a, b), url, seed = cluster
    bearer = {"Authorization": f"Bearer {seed['token']}"}
    codes = [t["code"] for t in call("GET", f"{base}/api/job-types", bearer).json()["job_types"]]
    run, repairs_each = uuid.uuid4().hex[:6], 6
    performers, vehicles = seed["performers"], seed["vehicles"]
    total = len(performers) * repairs_each * 6  # calls: 1 repair start, 2 x (job start, end), end
    done, failures, upstreams = [0], [], set()
    lock = threading.Lock()

    def step(method: str, path: str, **kwargs) -> None:
        answer = call(method, base + path, bearer, **kwargs)
        with lock:
            done[0] += 1
            upstreams.add(answer.headers.get("X-Upstream"))
            if answer.status_code not in (200, 201):
                failures.append(f"{path}: {answer.status_code} {answer.text[:200]}")

    def repairer(n: int) -> None:
        performer, vehicle = performers[n], vehicles[n]
        step("POST", "/api/shift/start", json={"performer_id": performer, "place_id": "wh-1"})
        for k in range(repairs_each):
            repair = f"{run}-{n}-{k}"
            start = {
                "repair_id": repair,
                "performer_id": performer,
                "vehicle_id": vehicle,
                "place_id": "wh-1",
            }
            step("POST", "/api/repair/start", json=start)
            for j, code in enumerate(codes[:2]):
                job = f"{repair}-j{j}"
                step(
                    "POST",
                    "/api/repair-job/start",
                    json={"repair_id": repair, "job_id": job, "type": code},
                )
                step("POST", "/api/repair-job/end", json={"job_id": job})
            step("POST", "/api/repair/end", json={"repair_id": repair, "comment": "load"})

    threads = [threading.Thread(target=repairer, args=(n,)) for n in range(len(performers))]
    for thread in threads:
        thread.start()
    while done[0] < total // 3 and any(t.is_alive() for t in threads):
        threading.Event().wait(0.05)
    os.killpg(a.pid, signal.SIGKILL)  # host A dies mid-load: no goodbye, requests cut
    served_before = set(upstreams)
    for thread in threads:
        thread.join()
    after = [requests.get(f"{base}/readyz", timeout=10) for _ in range(6)]

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        repairs = connection.execute(
            sa.text("SELECT repair_id, status FROM repairs WHERE repair_id LIKE :run"),
            {"run": f"{run}-%"},
        ).all()
        jobs = connection.scalar(
            sa.text("SELECT count(*) FROM jobs WHERE job_id LIKE :run"), {"run": f"{run}-%"}
        )
    engine.dispose()

    assert failures == []
    assert len(served_before) == 2, "nginx did not spread the load over both hosts"
    assert len(repairs) == len({r for r, _ in repairs}) == len(performers) * repairs_each
    assert {status for _, status in repairs} == {"completed"}
    assert jobs == len(performers) * repairs_each * 2
    assert all(r.status_code == 200 for r in after)
    assert {r.headers["X-Upstream"] for r in after} == {b.base.removeprefix("http://")}
