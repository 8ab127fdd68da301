"""Enqueueing: a write joins the caller's transaction, once per key."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.database import write_transaction
from app.extensions import db
from app.models import OutboxEntry
from app.outbox import backlog, enqueue


def _entries() -> list[OutboxEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))


def test_enqueue_is_kept_with_the_callers_commit_and_once_per_key(app):
    with write_transaction():
        enqueue("car-1", "remove_tag", {"tag_id": "t-1"}, "release-1:remove:t-1")
        enqueue("car-1", "remove_tag", {"tag_id": "t-1"}, "release-1:remove:t-1")
    with write_transaction():
        enqueue("car-1", "remove_tag", {"tag_id": "t-1"}, "release-1:remove:t-1")
        enqueue(
            "car-1",
            "add_tag",
            {"tag": "ready_for_deployment", "comment": "repair 7"},
            "release-1:ready",
        )
    entries = _entries()
    assert [(e.kind, e.payload, e.status) for e in entries] == [
        ("remove_tag", {"tag_id": "t-1"}, "pending"),
        ("add_tag", {"tag": "ready_for_deployment", "comment": "repair 7"}, "pending"),
    ]
    waiting = backlog()
    assert waiting.pending == 2 and waiting.oldest_age_seconds is not None


def test_enqueue_rolls_back_with_the_caller(app):
    with pytest.raises(RuntimeError), write_transaction():
        enqueue("car-1", "remove_tag", {"tag_id": "t-1"}, "release-2:remove:t-1")
        raise RuntimeError("the release failed")
    assert _entries() == []
    assert backlog().pending == 0 and backlog().oldest_at is None


@pytest.mark.parametrize("key", ["", "k" * 129, None])
def test_enqueue_refuses_a_key_that_cannot_name_a_write(app, key):
    with pytest.raises(ValueError), write_transaction():
        enqueue("car-1", "remove_tag", {"tag_id": "t-1"}, key)
    assert _entries() == []
