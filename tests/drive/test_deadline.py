"""Every Drive call ends by its deadline, whatever the server does, and answers have a size limit.

A real server on a loopback socket trickles its answer a byte at a time (never slow enough for
a single socket read to time out), or sends one far larger than any car, or the name of the
host takes long to resolve. Calls are made on a thread of their own, so that a call that would
hang fails the test after a few seconds instead of hanging the run.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.drive import (
    CircuitBreaker,
    DriveBadResponse,
    DriveBusy,
    DriveClient,
    DriveTimeout,
    DriveUnavailable,
)
from app.drive.bulkhead import STALLED_AFTER
from app.drive.client import MAX_ANSWER_BYTES

from .conftest import FakeDrive, Huge, Reply, Trickle
from .test_client_http import CAR, SELF_TEST

TIMEOUT = 1.0
BOUND = TIMEOUT + 1.0  # "answers within its timeout plus a second"
# Valid as both a details and a command answer: only its pace or its size is wrong.
ANSWER = CAR | SELF_TEST
SLOW_HOST = "drive-behind-slow-dns.test"


def client_for(url: str, **kwargs: Any) -> DriveClient:
    kwargs.setdefault("read_timeout", TIMEOUT)
    kwargs.setdefault("command_timeout", TIMEOUT)
    kwargs.setdefault("breaker", CircuitBreaker(1000))
    return DriveClient(url, **kwargs)


def outcome_within(seconds: float, call: Callable[[], Any]) -> BaseException | Any:
    """Run ``call`` on its own thread; its result or exception, or fail if it takes longer."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert box, f"the call was still running after {seconds} s"
    assert time.monotonic() - started < seconds
    return box[0]


def read(client: DriveClient) -> Callable[[], Any]:
    return lambda: client.get_car("7c1e0000-aaaa")


def command(client: DriveClient) -> Callable[[], Any]:
    return lambda: client.send_command("7c1e0000-aaaa", "self_test")


@pytest.mark.parametrize("headers_first", [True, False], ids=["body", "headers_and_body"])
def test_a_trickled_read_times_out_by_its_deadline(
    fake_drive: FakeDrive, headers_first: bool
) -> None:
    fake_drive.always(Trickle(200, ANSWER, interval=0.1, headers_first=headers_first))

    error = outcome_within(BOUND, read(client_for(fake_drive.url)))

    assert isinstance(error, DriveTimeout), error
    assert error.read_error_kind == "timeout"
    assert fake_drive.count() == 1  # a timeout is never retried


@pytest.mark.parametrize("headers_first", [True, False], ids=["body", "headers_and_body"])
def test_a_trickled_command_times_out_by_its_deadline_with_its_outcome_unknown(
    fake_drive: FakeDrive, headers_first: bool
) -> None:
    fake_drive.always(Trickle(200, ANSWER, interval=0.1, headers_first=headers_first))

    error = outcome_within(BOUND, command(client_for(fake_drive.url)))

    assert isinstance(error, DriveTimeout), error
    assert error.outcome_unknown is True
    assert fake_drive.count("POST") == 1


@pytest.mark.parametrize("declared", [True, False], ids=["content_length", "until_close"])
@pytest.mark.parametrize("call", [read, command], ids=["read", "command"])
def test_an_answer_over_the_size_limit_is_refused_without_reading_it_whole(
    fake_drive: FakeDrive, declared: bool, call: Callable
) -> None:
    fake_drive.always(Huge(ANSWER, size=50 * 1024 * 1024, declared=declared))

    error = outcome_within(BOUND, call(client_for(fake_drive.url)))

    assert isinstance(error, DriveBadResponse), error
    assert error.read_error_kind == "bad_response"
    assert error.outcome_unknown is (call is command)
    # Only what socket buffers hold went out before the client hung up, not the 50 MB.
    assert fake_drive.bytes_sent < 10 * 1024 * 1024


def test_an_answer_just_under_the_limit_is_read(fake_drive: FakeDrive) -> None:
    fake_drive.always(Huge(CAR, size=MAX_ANSWER_BYTES - 100))

    car = outcome_within(BOUND, read(client_for(fake_drive.url)))

    assert car.vehicle_id == CAR["car"]["id"]


def test_calls_cut_at_their_deadline_open_the_circuit_breaker(fake_drive: FakeDrive) -> None:
    fake_drive.always(Trickle(200, ANSWER, interval=0.1))
    client = client_for(fake_drive.url, breaker=CircuitBreaker(2, 60))

    first = outcome_within(BOUND, read(client))
    second = outcome_within(BOUND, command(client))
    third = outcome_within(0.5, read(client))

    assert isinstance(first, DriveTimeout) and isinstance(second, DriveTimeout)
    assert isinstance(third, DriveUnavailable) and third.detail == "circuit open"
    assert fake_drive.count() == 2


@pytest.fixture
def slow_dns(monkeypatch: pytest.MonkeyPatch, fake_drive: FakeDrive) -> str:
    """A resolver that takes 2.5 s to find SLOW_HOST (at the fake Drive's address)."""
    resolve = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == SLOW_HOST:
            time.sleep(2.5)
            host = "127.0.0.1"
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake_drive.url.replace("127.0.0.1", SLOW_HOST)


def test_a_slow_name_lookup_counts_towards_the_deadline_and_nothing_is_sent_late(
    fake_drive: FakeDrive, slow_dns: str
) -> None:
    fake_drive.always(Reply(200, SELF_TEST))

    error = outcome_within(BOUND, command(client_for(slow_dns)))

    assert isinstance(error, DriveUnavailable), error
    assert error.outcome_unknown is False  # nothing was sent, and nothing will be
    time.sleep(2.5)  # the lookup ends; the abandoned call must not go on to send the command
    assert fake_drive.count() == 0


def test_the_bulkhead_refuses_calls_beyond_its_limit_at_once(fake_drive: FakeDrive) -> None:
    fake_drive.always(Trickle(200, ANSWER, interval=0.2))
    client = client_for(fake_drive.url, read_timeout=3.0, max_in_flight=2)
    ended: list[Any] = []

    def stall() -> None:
        try:
            client.get_car("7c1e0000-aaaa")
        except DriveTimeout as exc:
            ended.append(exc)

    stalled = [threading.Thread(target=stall, daemon=True) for _ in range(2)]
    for thread in stalled:
        thread.start()
    wait_until(lambda: fake_drive.count() == 2)
    time.sleep(STALLED_AFTER + 0.2)  # both calls in flight now look stalled

    refused = outcome_within(0.5, command(client))

    assert isinstance(refused, DriveBusy), refused
    assert isinstance(refused, DriveUnavailable) and refused.outcome_unknown is False
    assert refused.read_error_kind == "unavailable"
    assert fake_drive.count() == 2  # it never reached Drive
    assert client.breaker.consecutive_failures == 0  # and says nothing about Drive's health

    # Once the stalled calls reach their deadline, their slots are free again.
    for thread in stalled:
        thread.join(3.0 + 1.0)
    assert len(ended) == 2
    fake_drive.always(Reply(200, CAR))
    car = outcome_within(BOUND, read(client))
    assert car.vehicle_id == CAR["car"]["id"]


def test_a_busy_but_healthy_drive_refuses_nobody(fake_drive: FakeDrive) -> None:
    """Twelve callers, two slots, Drive answering each in 0.2 s: every caller waits its turn."""
    fake_drive.always(Reply(200, CAR, delay=0.2))
    client = client_for(fake_drive.url, read_timeout=3.0, max_in_flight=2)
    with ThreadPoolExecutor(12) as pool:
        cars = list(pool.map(lambda _: outcome_within(BOUND, read(client)), range(12)))

    assert [type(car).__name__ for car in cars] == ["Car"] * 12
    assert fake_drive.count() == 12


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)
