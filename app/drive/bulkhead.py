"""The bulkhead: how many calls to Drive one worker process may have in flight.

Each admitted call runs on a thread of the bulkhead's own, so its caller can stop waiting at
the call's deadline whatever the network does; the call keeps its slot until that thread is
really done with it. A call that finds every slot taken waits for one while the calls in flight
look healthy (the youngest began less than ``STALLED_AFTER`` ago: under load a healthy Drive
frees slots all the time), for ``BUSY_WAIT`` at most; once every call in flight looks stalled it
fails fast with ``DriveBusy``. So a stalling Drive holds at most ``limit`` of a worker's threads
and the others keep serving pages that need no Drive, while a busy but healthy Drive refuses
nobody.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from .errors import DriveBusy

T = TypeVar("T")
SLOT_WAIT = 0.1  # seconds between looks at the calls in flight while waiting for a slot
STALLED_AFTER = 1.0  # a call in flight this long looks stalled
BUSY_WAIT = 3.0  # the longest a call waits for a slot while the calls in flight look healthy


class Bulkhead:
    """At most ``limit`` calls in flight in this process; the rest are refused."""

    def __init__(self, limit: int = 2) -> None:
        """Allow ``limit`` calls at once (at least 1)."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._slots = threading.Semaphore(limit)
        self._threads: ThreadPoolExecutor | None = None
        self._started: dict[object, float] = {}  # calls in flight -> when they took their slot

    def submit(self, call: Callable[[], T], *, admit: Callable[[], None]) -> Future[T]:
        """Run ``call`` on a call thread once a slot is free; ``DriveBusy`` if none frees soon.

        ``admit`` runs in the caller's thread once the slot is held, before the call starts;
        whatever it raises gives the slot back and goes to the caller.
        """
        slots, threads = self._for_this_process()
        if not self._acquire(slots):
            raise DriveBusy(f"{self.limit} calls to Drive already in flight")
        key = object()
        with self._lock:
            self._started[key] = time.monotonic()
        try:
            admit()
            return threads.submit(self._holding, slots, key, call)
        except BaseException:
            self._release(slots, key)
            raise

    def _acquire(self, slots: threading.Semaphore) -> bool:
        """Take a slot; wait while the calls holding them look healthy, give up once they
        all look stalled or after BUSY_WAIT."""
        give_up = time.monotonic() + BUSY_WAIT
        while not slots.acquire(timeout=SLOT_WAIT):
            if time.monotonic() >= give_up or self._all_stalled():
                return False
        return True

    def _all_stalled(self) -> bool:
        with self._lock:
            youngest = max(self._started.values(), default=None)
        return youngest is not None and time.monotonic() - youngest > STALLED_AFTER

    def _holding(self, slots: threading.Semaphore, key: object, call: Callable[[], T]) -> T:
        try:
            return call()
        finally:
            self._release(slots, key)

    def _release(self, slots: threading.Semaphore, key: object) -> None:
        with self._lock:
            self._started.pop(key, None)
        slots.release()

    def _for_this_process(self) -> tuple[threading.Semaphore, ThreadPoolExecutor]:
        """Slots and threads of this process: a forked worker starts with all slots free."""
        pid = os.getpid()
        with self._lock:
            if self._pid != pid or self._threads is None:
                self._pid = pid
                self._slots = threading.Semaphore(self.limit)
                self._started = {}
                self._threads = ThreadPoolExecutor(self.limit, thread_name_prefix="drive-call")
            return self._slots, self._threads
