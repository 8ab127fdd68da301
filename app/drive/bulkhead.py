"""The bulkhead: how many calls to Drive one worker process may have in flight.

Each admitted call runs on a thread of the bulkhead's own, so its caller can stop waiting at
the call's deadline whatever the network does; the call keeps its slot until that thread is
really done with it. A call that finds every slot taken waits a moment (a healthy Drive frees
one within milliseconds) and then fails fast with ``DriveBusy``, so a stalling Drive can hold
at most ``limit`` of a worker's threads and the others keep serving pages that need no Drive.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from .errors import DriveBusy

T = TypeVar("T")
SLOT_WAIT = 0.1  # seconds a call waits for a free slot before it is refused


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

    def submit(self, call: Callable[[], T], *, admit: Callable[[], None]) -> Future[T]:
        """Run ``call`` on a call thread once a slot is free; ``DriveBusy`` if none frees soon.

        ``admit`` runs in the caller's thread once the slot is held, before the call starts;
        whatever it raises gives the slot back and goes to the caller.
        """
        slots, threads = self._for_this_process()
        if not slots.acquire(timeout=SLOT_WAIT):
            raise DriveBusy(f"{self.limit} calls to Drive already in flight")
        try:
            admit()
            return threads.submit(_holding, slots, call)
        except BaseException:
            slots.release()
            raise

    def _for_this_process(self) -> tuple[threading.Semaphore, ThreadPoolExecutor]:
        """Slots and threads of this process: a forked worker starts with all slots free."""
        pid = os.getpid()
        with self._lock:
            if self._pid != pid or self._threads is None:
                self._pid = pid
                self._slots = threading.Semaphore(self.limit)
                self._threads = ThreadPoolExecutor(self.limit, thread_name_prefix="drive-call")
            return self._slots, self._threads


def _holding(slots: threading.Semaphore, call: Callable[[], T]) -> T:
    try:
        return call()
    finally:
        slots.release()
