"""`flask stats refresh`: keep the statistics reports people look at warm (and `flask stats
downtime`: the true downtime computed and timed once, for benchmarks).

Run it every few minutes (a cron job or a systemd timer); each run computes the last 30 days
for all warehouses (and with --each-warehouse for every warehouse), plus every scope someone
viewed in the last 24 hours, and forgets the scopes nobody viewed for a week. A "last N days"
scope viewed yesterday is refreshed as the last N days ending today.
"""

from __future__ import annotations

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.manager.choices import place_zone
from app.manager.filters import StatsFilters
from app.manager.periods import MAX_DAYS, Period
from app.manager.sql import statistics_session
from app.manager.stats import cache as stats_cache
from app.manager.stats.downtime import true_downtime
from app.manager.stats.scope import Scope
from app.models import Place, StatsSnapshot

stats = AppGroup("stats", help="Statistics reports.")


def _zone(place_id: str) -> str:
    return (place_zone(place_id) if place_id else None) or DEFAULT_TIMEZONE


def scopes_to_refresh(each_warehouse: bool = False) -> list[StatsFilters]:
    """The default view(s), then every scope viewed in the last 24 hours, each once."""
    wanted = [StatsFilters(Period.ending_today(zone=DEFAULT_TIMEZONE))]
    if each_warehouse:
        for place_id in db.session.scalars(select(Place.place_id).order_by(Place.place_id)):
            wanted.append(StatsFilters(Period.ending_today(zone=_zone(place_id)), place_id))
    since = utcnow() - timedelta(hours=24)
    viewed = db.session.execute(
        select(
            StatsSnapshot.first_day,
            StatsSnapshot.last_day,
            StatsSnapshot.place_id,
            StatsSnapshot.viewed_at,
        )
        .where(StatsSnapshot.viewed_at >= since)
        .order_by(StatsSnapshot.viewed_at.desc())
    )
    for first, last, place_id, viewed_at in viewed:
        zone = _zone(place_id)
        if last == viewed_at.astimezone(ZoneInfo(zone)).date():  # "the last N days"
            period = Period.ending_today((last - first).days + 1, zone)
        else:
            period = Period(first, last)
        wanted.append(StatsFilters(period, place_id))
    unique = {stats_cache.scope_key(f): f for f in reversed(wanted)}
    return list(reversed(unique.values()))


@stats.command("refresh")
@click.option("--each-warehouse", is_flag=True, help="Also the last 30 days of every warehouse.")
def refresh(each_warehouse: bool) -> None:
    """Recompute the default and recently viewed statistics reports."""
    forgotten = stats_cache.forget_unviewed()
    failed = 0
    for filters in scopes_to_refresh(each_warehouse):
        key = stats_cache.scope_key(filters)
        if not stats_cache.claim(filters):
            click.echo(f"{key}: being refreshed by another worker, skipped")
            continue
        started = time.monotonic()
        try:
            stats_cache.refresh(filters)
        except Exception as error:  # the other scopes still get their turn
            failed += 1
            click.echo(f"{key}: failed: {error!r}", err=True)
            continue
        click.echo(f"{key}: {time.monotonic() - started:.1f} s")
    if forgotten:
        click.echo(f"{forgotten} report(s) nobody viewed for a week forgotten")
    if failed:
        raise click.exceptions.Exit(1)


@stats.command("downtime")
@click.option("--days", default=30, show_default=True, help="The last N days, today included.")
@click.option("--place", "place_id", default="", help="One warehouse (default: all).")
def downtime(days: int, place_id: str) -> None:
    """Compute the true downtime now and print it, with the seconds it took (benchmarks)."""
    started = time.monotonic()
    statistics_session()
    period = Period.ending_today(max(1, min(days, MAX_DAYS)), _zone(place_id))
    way = true_downtime(Scope(period, place_id or None))
    seconds = time.monotonic() - started
    total = way.overall.total
    click.echo(
        f"{period.first}..{period.last} {place_id or 'all'}: {way.overall.ways} ways back on "
        f"the street, median {_hours(total.p50)}, p90 {_hours(total.p90)}, "
        f"{way.left_unrepaired} left unrepaired, {len(way.idle_now)} idle now listed; "
        f"computed in {seconds:.1f} s"
    )


def _hours(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 3600:.1f} h"
