"""Delivery in the background: one daemon thread per worker process and app.

The thread wakes every OUTBOX_INTERVAL_SECONDS to deliver the writes due (retries), and at once
when a transaction that enqueued a write commits (``deliver_soon``), so the request that made
the write never waits for Drive nor fails when Drive is down. OUTBOX_INTERVAL_SECONDS = 0 turns
both off in this process (only ``flask outbox deliver`` delivers then).
"""

from __future__ import annotations

import os
import threading

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

from .delivery import deliver_all_due

EXTENSION = "outbox"
ENQUEUED = "outbox_enqueued"  # in Session.info: this transaction added a write


class Deliverer:
    """This process's delivery thread for one app, started on first use (after any fork)."""

    def __init__(self, app: Flask) -> None:
        """Deliver for ``app``; nothing starts until ``ensure_started`` or ``wake``."""
        self.app = app
        self.interval: float = app.config["OUTBOX_INTERVAL_SECONDS"]
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._pid: int | None = None
        self.rounds = 0  # delivery rounds run (tests wait on it)
        self._round_done = threading.Condition(self._lock)

    @property
    def enabled(self) -> bool:
        """Whether this process delivers in the background."""
        return self.interval > 0

    def ensure_started(self) -> None:
        """Start the thread in this process if it is not running (cheap when it is)."""
        if not self.enabled or self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._wake = threading.Event()
            thread = threading.Thread(target=self._run, name="outbox-delivery", daemon=True)
            thread.start()

    def wake(self) -> None:
        """Deliver now, in the background."""
        if self.enabled:
            self.ensure_started()
            self._wake.set()

    def wait_for_round(self, after: int, timeout: float = 30.0) -> int:
        """Wait until a round later than ``after`` has ended; the rounds run so far."""
        with self._round_done:
            self._round_done.wait_for(lambda: self.rounds > after, timeout)
            return self.rounds

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            self._round()

    def _round(self) -> None:
        with self.app.app_context():
            try:
                deliver_all_due()
            except Exception:
                self.app.logger.exception("outbox delivery round failed")
            finally:
                db.session.remove()
        with self._round_done:
            self.rounds += 1
            self._round_done.notify_all()


def deliverer(app: Flask | None = None) -> Deliverer:
    """The delivery thread of ``app`` (default: the current app) in this process."""
    return (app or current_app).extensions[EXTENSION]


def deliver_soon() -> None:
    """Deliver what is due now, in the background (no-op when background delivery is off)."""
    deliverer().wake()


def mark_enqueued(session: Session) -> None:
    """The session's transaction added a write: wake delivery once it commits."""
    session.info[ENQUEUED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(ENQUEUED, False) and has_app_context():
        extension = current_app.extensions.get(EXTENSION)
        if extension is not None:
            extension.wake()


def _after_rollback(session: Session) -> None:
    session.info.pop(ENQUEUED, None)


def init_app(app: Flask) -> None:
    """Give ``app`` its deliverer; start it with the first request of each worker process."""
    app.extensions[EXTENSION] = Deliverer(app)
    app.before_request(lambda: deliverer().ensure_started())
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
