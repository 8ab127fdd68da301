"""Metrics at /metrics (summed over gunicorn's workers), JSON logs with a request id that
reaches Drive and the security log."""

from __future__ import annotations

import json
import re

import pytest
import requests

from devtools.server import gunicorn
from tests.support.pages import post_form
from tests.test_settings import quiet_env


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_sane_request_id_is_kept_and_a_bad_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "bot-42.a:b"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "no spaces <here>"})
    fresh = client.get("/healthz")

    assert kept.headers["X-Request-ID"] == "bot-42.a:b"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-ID"])
    assert replaced.headers["X-Request-ID"] != fresh.headers["X-Request-ID"]


def test_each_request_is_one_json_log_line_with_its_id(client, capsys):
    client.get("/login", headers={"X-Request-ID": "trace-login-1"})

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    [entry] = [e for e in lines if e.get("event") == "request"]
    assert entry["request_id"] == "trace-login-1"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/login", 200)


def test_a_failed_login_goes_to_the_security_log_with_the_request_id(app, client, capsys):
    post_form(
        client,
        "/login",
        {"performer_id": "nobody", "pin": "1357"},
        headers={"X-Request-ID": "trace-pin-7"},
    )

    with open(app.config["SECURITY_LOG"], encoding="utf-8") as log:
        entries = [json.loads(line) for line in log]
    assert entries[-1]["event"] == "login_failed"
    assert entries[-1]["request_id"] == "trace-pin-7"
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert any(e.get("event") == "login_failed" and e["request_id"] == "trace-pin-7" for e in out)


def test_metrics_answer_this_machine_only_unless_a_token_is_set(app, client):
    local = client.get("/metrics")
    outside = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    app.config["METRICS_TOKEN"] = "scrape-me"
    without_token = client.get("/metrics")
    with_token = client.get(
        "/metrics",
        headers={"Authorization": "Bearer scrape-me"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )

    assert local.status_code == 200 and "repair_http_request_duration_seconds" in local.text
    assert outside.status_code == 404
    assert without_token.status_code == 404
    assert with_token.status_code == 200


@pytest.mark.slow
def test_metrics_sum_the_samples_of_every_gunicorn_worker(tmp_path):
    env = quiet_env(tmp_path, INSTANCE_PATH=str(tmp_path / "instance"))
    with gunicorn(env, workers=3, threads=1, log_path=tmp_path / "gunicorn.log") as server:
        server.flask("db", "upgrade")
        for _ in range(30):  # spread over the workers
            requests.get(f"{server.base}/healthz", timeout=10)
        text = requests.get(f"{server.base}/metrics", timeout=10).text

    healthz = sample(
        text,
        "repair_http_request_duration_seconds_count",
        endpoint="health.healthz",
        method="GET",
        status="200",
    )
    assert healthz == 30  # every worker's requests, summed
    writers = list((tmp_path / "instance" / "metrics").glob("histogram_*.db"))
    assert len(writers) >= 2, "the requests were all served by one worker"


@pytest.mark.usefixtures("workshop")
def test_a_drive_call_carries_the_request_id_and_is_counted(api, simulator, client, capsys):
    scooter = next(s for s in simulator.scooters() if not s.offline)
    before = sample(
        client.get("/metrics").text,
        "repair_drive_call_duration_seconds_count",
        kind="read",
        outcome="ok",
    )
    api.headers["X-Request-ID"] = "trace-drive-3"

    answer = api.get("/api/scooter/info", {"vehicle_id": scooter.vehicle_id})

    assert answer.status_code == 200
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    seen_by_drive = [e["request_id"] for e in out if e.get("event") == "drive_request"]
    assert seen_by_drive and set(seen_by_drive) == {"trace-drive-3"}
    after = sample(
        client.get("/metrics").text,
        "repair_drive_call_duration_seconds_count",
        kind="read",
        outcome="ok",
    )
    assert after == before + len(seen_by_drive)
