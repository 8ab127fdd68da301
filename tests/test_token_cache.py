"""A worker's memory of verified API tokens never outlives a revocation, whatever the order."""

from __future__ import annotations

from app.token_cache import VerifiedTokens


def _worker_and_admin(tmp_path, max_age: float = 10) -> tuple[VerifiedTokens, VerifiedTokens]:
    marker = str(tmp_path / "api-token-revoked")
    return VerifiedTokens(marker, max_age), VerifiedTokens(marker, max_age)


def test_a_verified_token_is_trusted_until_a_revocation(tmp_path):
    worker, admin = _worker_and_admin(tmp_path)
    worker.remember("X", worker.revocation_mark())
    assert worker.trusted("X")

    admin.revoked()

    assert not worker.trusted("X")


def test_a_token_read_as_active_just_before_its_revocation_is_not_trusted(tmp_path):
    """Thread 1 reads the token as active; the revocation commits; thread 2 of the same worker
    makes another call; only then does thread 1 remember the token."""
    worker, admin = _worker_and_admin(tmp_path)
    assert not worker.trusted("X")
    mark = worker.revocation_mark()  # thread 1, before its read finds X active

    admin.revoked()
    worker.trusted("Y")  # thread 2
    worker.remember("X", mark)  # thread 1 finishes

    assert not worker.trusted("X")


def test_every_revocation_changes_the_mark(tmp_path):
    worker, admin = _worker_and_admin(tmp_path)
    marks = {worker.revocation_mark()}
    for _ in range(3):
        admin.revoked()
        marks.add(worker.revocation_mark())

    assert len(marks) == 4


def test_a_zero_cache_time_trusts_nothing(tmp_path):
    worker, _admin = _worker_and_admin(tmp_path, max_age=0)
    worker.remember("X", worker.revocation_mark())

    assert not worker.trusted("X")
