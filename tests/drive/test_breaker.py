"""The circuit breaker, alone and inside DriveClient."""

from __future__ import annotations

import threading

import pytest

from app.drive import CircuitBreaker, DriveClient, DriveNotFound, DriveRefused, DriveUnavailable

from .conftest import FakeClock, FakeDrive, Reply
from .test_client_http import CAR

ERROR_500 = Reply(500, {"error": {"code": "internal"}})


def test_opens_after_threshold_and_half_opens_after_cool_down(clock: FakeClock) -> None:
    breaker = CircuitBreaker(3, 15.0, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "closed"
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()

    clock.advance(14.5)
    assert not breaker.allow()
    clock.advance(0.5)
    assert breaker.state == "half_open"
    assert breaker.allow()  # the one trial call
    assert not breaker.allow()  # others still fail fast while it runs
    breaker.record_failure()
    assert breaker.state == "open"

    clock.advance(15)
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.consecutive_failures == 0


def test_success_resets_the_count(clock: FakeClock) -> None:
    breaker = CircuitBreaker(2, clock=clock)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_a_lost_trial_does_not_block_forever(clock: FakeClock) -> None:
    breaker = CircuitBreaker(1, 10, clock=clock)
    breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()  # trial started, never reports back
    clock.advance(10)
    assert breaker.allow()


def test_threads_count_every_failure() -> None:
    breaker = CircuitBreaker(400)
    threads = [
        threading.Thread(target=lambda: [breaker.record_failure() for _ in range(100)])
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert breaker.state == "open"


def test_rejects_a_zero_threshold() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(0)


def test_client_fails_fast_while_open_and_recovers(fake_drive: FakeDrive, clock: FakeClock) -> None:
    breaker = CircuitBreaker(5, 15, clock=clock)
    client = DriveClient(fake_drive.url, read_timeout=1, command_timeout=1, breaker=breaker)
    fake_drive.always(ERROR_500)
    for _ in range(5):
        with pytest.raises(DriveRefused):
            client.send_command("car-1", "self_test")
    assert breaker.state == "open"
    received = fake_drive.count()

    with pytest.raises(DriveUnavailable) as caught:
        client.send_command("car-1", "self_test")
    assert caught.value.detail == "circuit open"
    assert caught.value.outcome_unknown is False
    with pytest.raises(DriveUnavailable):
        client.get_car("car-1")
    assert fake_drive.count() == received  # nothing reached the server

    clock.advance(15)
    with pytest.raises(DriveRefused):  # the trial fails: open again
        client.send_command("car-1", "self_test")
    assert breaker.state == "open"
    assert fake_drive.count() == received + 1

    clock.advance(15)
    fake_drive.always(Reply(200, CAR))
    assert client.get_car("car-1").number == "0421"
    assert breaker.state == "closed"


@pytest.mark.parametrize(
    "answer",
    [
        Reply(404, {"error": {"code": "car_not_found"}}),
        Reply(409, {"error": {"code": "action_rejected", "message": "no"}}),
    ],
    ids=["404", "409"],
)
def test_not_found_and_refusals_do_not_trip(fake_drive: FakeDrive, answer: Reply) -> None:
    breaker = CircuitBreaker(2)
    client = DriveClient(fake_drive.url, command_timeout=1, breaker=breaker)
    fake_drive.always(answer)
    for _ in range(5):
        with pytest.raises((DriveNotFound, DriveRefused)):
            client.send_command("car-1", "open_deck")
    assert breaker.state == "closed"
    assert fake_drive.count() == 5


def test_a_refusal_counts_as_proof_of_life(fake_drive: FakeDrive) -> None:
    breaker = CircuitBreaker(2)
    client = DriveClient(fake_drive.url, command_timeout=1, breaker=breaker)
    fake_drive.then(ERROR_500, Reply(409, {"error": {"code": "car_offline"}}), ERROR_500)
    for _ in range(3):
        with pytest.raises(DriveRefused):
            client.send_command("car-1", "open_deck")
    assert breaker.state == "closed"
