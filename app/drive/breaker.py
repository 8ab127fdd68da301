"""A small thread-safe circuit breaker for calls to Drive.

closed -> (N consecutive failures) -> open -> (reset_after seconds) -> half-open: one trial call
is let through; its success closes the circuit, its failure opens it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


class CircuitBreaker:
    """Counts consecutive failures and suspends calls for a while after too many of them."""

    def __init__(
        self,
        failure_threshold: int = 5,
        reset_after: float = 15.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create a closed breaker; ``clock`` returns seconds and is injectable for tests."""
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self._clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_started_at: float | None = None

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half_open`` (as seen now, cool-down included)."""
        with self._lock:
            if self._state == OPEN and self._clock() - self._opened_at >= self.reset_after:
                return HALF_OPEN
            return self._state

    @property
    def consecutive_failures(self) -> int:
        """Failures counted since the last success."""
        with self._lock:
            return self._failures

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open state only one trial call at a time."""
        with self._lock:
            now = self._clock()
            if self._state == CLOSED:
                return True
            if self._state == OPEN:
                if now - self._opened_at < self.reset_after:
                    return False
                self._state = HALF_OPEN
                self._trial_started_at = now
                return True
            # Half-open: a trial is in flight. If it never reported back (a thread died), let a
            # new trial through after another cool-down rather than staying stuck.
            if (
                self._trial_started_at is not None
                and now - self._trial_started_at < self.reset_after
            ):
                return False
            self._trial_started_at = now
            return True

    def record_success(self) -> None:
        """A call got a valid answer from Drive: close the circuit."""
        with self._lock:
            self._state = CLOSED
            self._failures = 0
            self._trial_started_at = None

    def record_failure(self) -> None:
        """A call failed in a way that suggests Drive is down or broken."""
        with self._lock:
            now = self._clock()
            if self._state == HALF_OPEN:
                self._open(now)
            elif self._state == CLOSED:
                self._failures += 1
                if self._failures >= self.failure_threshold:
                    self._open(now)
            # Already open: a late failure of a call started before opening changes nothing.

    def reset(self) -> None:
        """Force the breaker closed and forget past failures."""
        self.record_success()

    def _open(self, now: float) -> None:
        self._state = OPEN
        self._opened_at = now
        self._trial_started_at = None
