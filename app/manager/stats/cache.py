"""Precomputed statistics reports, shown at once and refreshed behind the page.

At fleet scale a report takes tens of seconds to compute, so it is kept per scope (period and
warehouse) in `stats_snapshots`, as JSON, and served stale-while-revalidate:

- fresh (younger than STATS_MAX_AGE_SECONDS): shown as it is, "as of HH:MM";
- stale: shown as it is, and recomputed in a background thread of this worker;
- missing: computed in a background thread while the request waits up to STATS_WAIT_SECONDS
  (small databases finish well within, and the page shows the report as if computed inline);
  past that the page says "preparing" and reloads itself until the report is there.

One worker at a time recomputes a scope: it claims the row by setting `refreshing_since` in a
conditional UPDATE (an INSERT for a new scope); a claim older than CLAIM_EXPIRES is taken over,
since its worker has died. `flask stats refresh` keeps the default and recently viewed scopes
warm. STATS_MAX_AGE_SECONDS = 0 turns snapshots off: every view computes its report inline.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from app import metrics
from app.clock import utcnow
from app.database import write_transaction
from app.extensions import db
from app.manager.filters import StatsFilters
from app.manager.stats.report import StatsReport, stats_report
from app.manager.stats.report_json import dump, load
from app.models import StatsSnapshot

CLAIM_EXPIRES = timedelta(minutes=10)
VIEW_MARK_EVERY = timedelta(hours=1)  # how often a view is written down (a write each time)
POLL_SECONDS = 0.2
MAX_RUNNING = 2  # computations per process at once: each holds a connection and a core

_running: dict[str, threading.Event] = {}  # scopes this process is computing now
_failed: dict[str, float] = {}  # scopes whose last computation here failed, and when (monotonic)
_running_lock = threading.Lock()
RETRY_FAILED_AFTER = 60.0  # seconds before a view tries a failed scope again


@dataclass(frozen=True)
class Shown:
    """What the page shows: a report (None while it is being prepared) and its age."""

    report: StatsReport | None
    computed_at: datetime | None
    refreshing: bool = False  # a fresher report is being computed
    failed: bool = False  # no report: its computation failed just now (retried in a minute)


def scope_key(filters: StatsFilters) -> str:
    """The normalised scope: first and last date, and the warehouse ("" for all)."""
    period = filters.period
    return f"{period.first.isoformat()}/{period.last.isoformat()}/{filters.place_id}"


# --- claims and refreshes ------------------------------------------------------------------


def compute(filters: StatsFilters) -> StatsReport:
    """Compute a report from the database (the slow part; replaced in tests)."""
    return stats_report(filters)


def _row(key: str):
    db.session.commit()  # a new read: on SQLite a read transaction keeps its old snapshot
    return db.session.execute(
        select(
            StatsSnapshot.report,
            StatsSnapshot.computed_at,
            StatsSnapshot.refreshing_since,
            StatsSnapshot.viewed_at,
        ).where(StatsSnapshot.key == key)
    ).first()


def claim(filters: StatsFilters, now: datetime | None = None) -> bool:
    """Take the right to recompute this scope; False when another worker holds it."""
    key, now = scope_key(filters), now or utcnow()
    try:
        with write_transaction():
            exists = db.session.execute(
                select(StatsSnapshot.key).where(StatsSnapshot.key == key)
            ).first()
            if exists is None:
                db.session.execute(
                    insert(StatsSnapshot).values(
                        key=key,
                        first_day=filters.period.first,
                        last_day=filters.period.last,
                        place_id=filters.place_id,
                        refreshing_since=now,
                        viewed_at=now,
                    )
                )
                return True
            taken = db.session.execute(
                update(StatsSnapshot)
                .where(
                    StatsSnapshot.key == key,
                    or_(
                        StatsSnapshot.refreshing_since.is_(None),
                        StatsSnapshot.refreshing_since < now - CLAIM_EXPIRES,
                    ),
                )
                .values(refreshing_since=now)
                .execution_options(synchronize_session=False)
            )
            return taken.rowcount == 1
    except IntegrityError:  # another worker inserted the same new scope first
        return False


def _set(key: str, **values) -> None:
    """Write these columns of the scope's snapshot row, in a write transaction of its own."""
    with write_transaction():
        db.session.execute(
            update(StatsSnapshot)
            .where(StatsSnapshot.key == key)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def refresh(filters: StatsFilters) -> StatsReport:
    """Compute the scope's report and store it; the caller holds the claim."""
    key, started, clock = scope_key(filters), utcnow(), time.perf_counter()
    try:
        report = compute(filters)
        _set(key, report=dump(report), computed_at=started, refreshing_since=None)
    except BaseException:
        metrics.stats_refresh("error", time.perf_counter() - clock)
        db.session.rollback()
        _set(key, refreshing_since=None)  # let the next view try again
        raise
    metrics.stats_refresh("ok", time.perf_counter() - clock)
    return report


def _can_start(key: str) -> bool:
    """May this process start computing `key` now? Not twice, and not past MAX_RUNNING."""
    with _running_lock:
        return key not in _running and len(_running) < MAX_RUNNING


def _running_event(key: str) -> threading.Event | None:
    """Set when this process's computation of `key` ends; None when there is none."""
    with _running_lock:
        return _running.get(key)


def _failed_lately(key: str) -> bool:
    failed_at = _failed.get(key)
    return failed_at is not None and time.monotonic() - failed_at < RETRY_FAILED_AFTER


def _start(app: Flask, filters: StatsFilters) -> threading.Event:
    """Refresh the scope in a background thread (with its own app context and session)."""
    key, done = scope_key(filters), threading.Event()
    with _running_lock:
        _running[key] = done

    def run() -> None:
        with app.app_context():
            try:
                refresh(filters)
                _failed.pop(key, None)
            except Exception:
                app.logger.exception("statistics refresh of %s failed", key)
                _failed[key] = time.monotonic()
            finally:
                db.session.remove()
                with _running_lock:
                    _running.pop(key, None)
                done.set()

    threading.Thread(target=run, name=f"stats-refresh {key}", daemon=True).start()
    return done


def wait_for_refreshes(timeout: float = 60.0) -> None:
    """Wait until this process's background refreshes have ended (tests, shutdown)."""
    deadline = time.monotonic() + timeout
    while True:
        with _running_lock:
            pending = list(_running.values())
        if not pending or time.monotonic() > deadline:
            return
        pending[0].wait(max(0.0, deadline - time.monotonic()))


def _wait_for_report(key: str, filters: StatsFilters, done: threading.Event | None):
    """Wait up to the limit for a report being computed, here or in another worker."""
    limit = current_app.config["STATS_WAIT_SECONDS"]
    deadline = time.monotonic() + limit
    if done is not None:
        done.wait(limit)
        return _row(key)  # computed here: done, failed or past the limit, nothing to poll
    row = _row(key)
    while (row is None or load(row.report, filters) is None) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)  # another worker computes it: look again shortly
        row = _row(key)
    return row


def _mark_viewed(key: str, viewed_at: datetime | None, now: datetime) -> None:
    """Note that someone looks at this scope (`flask stats refresh` keeps it warm)."""
    if viewed_at is None or now - viewed_at >= VIEW_MARK_EVERY:
        _set(key, viewed_at=now)


def _being_refreshed(refreshing_since: datetime | None, now: datetime) -> bool:
    return refreshing_since is not None and now - refreshing_since < CLAIM_EXPIRES


def shown(filters: StatsFilters) -> Shown:
    """The report to show for `filters`, refreshing it behind the page when it is old."""
    app = current_app._get_current_object()
    max_age = app.config["STATS_MAX_AGE_SECONDS"]
    if max_age <= 0:
        started = utcnow()
        return Shown(compute(filters), started)
    key, now = scope_key(filters), utcnow()
    row = _row(key)
    report = load(row.report, filters) if row is not None else None
    if report is not None:
        refreshing = _being_refreshed(row.refreshing_since, now)
        if now - row.computed_at > timedelta(seconds=max_age) and not refreshing:
            if _can_start(key) and claim(filters, now):
                _start(app, filters)
                refreshing = True
        _mark_viewed(key, row.viewed_at, now)
        return Shown(report, row.computed_at, refreshing)
    done = _running_event(key)
    if done is None and _failed_lately(key):
        return Shown(None, None, failed=True)
    if done is None and _can_start(key) and claim(filters, now):
        done = _start(app, filters)  # else another worker computes it, or this one is busy
    row = _wait_for_report(key, filters, done)
    report = load(row.report, filters) if row is not None else None
    if row is not None:
        _mark_viewed(key, row.viewed_at, now)
    if report is None:
        return Shown(None, None, True, failed=_failed_lately(key))
    return Shown(report, row.computed_at, _being_refreshed(row.refreshing_since, utcnow()))


def refresh_now(filters: StatsFilters) -> bool:
    """A manager's "refresh now": recompute, waiting a little for it; False when another
    worker is already at it."""
    app = current_app._get_current_object()
    if app.config["STATS_MAX_AGE_SECONDS"] <= 0:
        return True  # nothing is stored: the page computes its report anyway
    key = scope_key(filters)
    done = _running_event(key)
    if done is None:
        if not _can_start(key) or not claim(filters):
            return False
        done = _start(app, filters)
    _wait_for_report_or_limit(done)
    return True


def _wait_for_report_or_limit(done: threading.Event) -> None:
    done.wait(current_app.config["STATS_WAIT_SECONDS"])


def forget_unviewed(days: int = 7) -> int:
    """Delete the snapshots nobody looked at for `days` days; returns how many."""
    with write_transaction():
        gone = db.session.execute(
            delete(StatsSnapshot)
            .where(
                or_(
                    StatsSnapshot.viewed_at < utcnow() - timedelta(days=days),
                    StatsSnapshot.viewed_at.is_(None),
                )
            )
            .execution_options(synchronize_session=False)
        )
    return gone.rowcount
