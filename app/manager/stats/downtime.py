"""True downtime: a scooter's time from the first complaint back to the street, in stages.

The ways themselves (where one begins and ends, its milestones and stages) are defined once,
in app/stages/ways.py. Here the statistics pick the rows to read, bounded on both sides:

- the ways that ended back on the street in the period: the scooters with a `back_on_street`
  or `left_unrepaired` event in the period's UTC window (an index range on stage_events), and
  their rows from WAY_LOOKBACK before the window; a way belongs to the period when it ended in
  it by the local date of its warehouse, like a repair;
- the ways still open now: the scooters with an open complaint (a partial index) or a pick-up,
  arrival or release within WAY_LOOKBACK.

Percentiles are computed over those ways in Python, by the method of sql.percentiles
(PostgreSQL's percentile_cont), so both databases give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import DEFAULT_TIMEZONE
from app.manager.stats.repairs import DurationStats
from app.manager.stats.scope import Scope
from app.models import Complaint, Place, Repair, StageEvent, Vehicle
from app.stages.ways import STAGES, Moment, Way, ways
from app.vocabulary import ComplaintStatus, Stage

WAY_LOOKBACK = timedelta(days=90)  # a way longer than this is counted from this far back
TOP = 10
CHUNK = 900  # scooters per IN list (SQLite's limit of bound values is far above)

# What the page calls each stage of a way (app/stages/ways.py defines them).
STAGE_LABELS = {
    "waiting_pickup": _l("Waiting for pick-up"),
    "in_transit": _l("In transit"),
    "waiting_warehouse": _l("Waiting in the warehouse"),
    "in_repair": _l("In repair"),
    "waiting_out": _l("Waiting to go out"),
}


@dataclass(frozen=True)
class WayGroup:
    """Complete ways of a group (all, a warehouse, a model): their total and each stage."""

    key: str
    label: str  # the warehouse's name, the model, or "" for all
    ways: int
    total: DurationStats
    stages: dict[str, DurationStats]


@dataclass(frozen=True)
class WayRow:
    """One scooter's way: since when, where, how long, and in which stage (open ways)."""

    vehicle_id: str
    number: str | None
    place_id: str | None
    started_at: datetime
    seconds: float
    stage: str  # the stage it is in now (open ways), or the longest stage (complete ways)


@dataclass(frozen=True)
class TrueDowntime:
    overall: WayGroup
    left_unrepaired: int
    places: list[WayGroup]
    models: list[WayGroup]
    longest: list[WayRow]  # the longest complete ways of the period
    idle_now: list[WayRow]  # the ways open now, oldest first

    @classmethod
    def from_json(cls, data: dict) -> TrueDowntime:
        """Back from report_json's stored form."""

        def group(g: dict) -> WayGroup:
            stages = {k: DurationStats(**v) for k, v in g["stages"].items()}
            total = DurationStats(**g["total"])
            return WayGroup(g["key"], g["label"], g["ways"], total, stages)

        def row(r: dict) -> WayRow:
            return WayRow(**{**r, "started_at": datetime.fromisoformat(r["started_at"])})

        return cls(
            group(data["overall"]),
            data["left_unrepaired"],
            [group(g) for g in data["places"]],
            [group(g) for g in data["models"]],
            [row(r) for r in data["longest"]],
            [row(r) for r in data["idle_now"]],
        )


def percentile(ordered: list[float], p: int) -> float | None:
    """The p-th percentile of ascending values, as sql.percentiles computes it."""
    if not ordered:
        return None
    scaled = (len(ordered) - 1) * p
    low = scaled // 100
    if scaled % 100 == 0:
        return ordered[low]
    return ordered[low] + (scaled % 100) / 100 * (ordered[low + 1] - ordered[low])


def duration_stats(values: Iterable[float | None]) -> DurationStats:
    """Count, median and 90th percentile of the known values."""
    ordered = sorted(v for v in values if v is not None)
    return DurationStats(len(ordered), percentile(ordered, 50), percentile(ordered, 90))


def _group(key: str, complete: list[Way], label: str = "") -> WayGroup:
    splits = [way.stages() for way in complete]
    return WayGroup(
        key,
        label,
        len(complete),
        duration_stats(way.total_seconds() for way in complete),
        {code: duration_stats(s[code] for s in splits) for code, _a, _b in STAGES},
    )


def true_downtime(scope: Scope) -> TrueDowntime:
    """The period's complete ways by warehouse and model, its longest, and the idle now."""
    ended = _ended_in_period(scope)
    complete = [way for way in ended if way.complete]
    models = _models({way.vehicle_id for way in complete})
    by_place, by_model = defaultdict(list), defaultdict(list)
    for way in complete:
        by_place[way.place_id or ""].append(way)
        by_model[models.get(way.vehicle_id) or ""].append(way)
    names = dict(db.session.execute(select(Place.place_id, Place.name)).tuples().all())
    longest = sorted(complete, key=lambda w: (-w.total_seconds(), w.vehicle_id))[:TOP]
    return TrueDowntime(
        overall=_group("", complete),
        left_unrepaired=len(ended) - len(complete),
        places=[_group(k, v, names.get(k, k)) for k, v in sorted(by_place.items())],
        models=[_group(k, v, k) for k, v in sorted(by_model.items())],
        longest=_rows(longest, scope.now, open_ways=False),
        idle_now=_rows(_open_now(scope)[:TOP], scope.now, open_ways=True),
    )


def _ended_in_period(scope: Scope) -> list[Way]:
    bounds = {zone: scope.period.bounds(zone) for zone in scope.zones}
    since = min(b[0] for b in bounds.values())
    until = max(b[1] for b in bounds.values())
    vehicles = db.session.scalars(
        select(StageEvent.vehicle_id)
        .distinct()
        .where(StageEvent.stage.in_([Stage.BACK_ON_STREET, Stage.LEFT_UNREPAIRED]))
        .where(StageEvent.at >= since, StageEvent.at < until)
    ).all()
    zones = dict(db.session.execute(select(Place.place_id, Place.timezone)).tuples().all())
    found = []
    for way in _ways(vehicles, since - WAY_LOOKBACK, until):
        if way.end is None or (scope.place_id and way.place_id != scope.place_id):
            continue
        zone = zones.get(way.place_id or "", DEFAULT_TIMEZONE)
        start, end = bounds.get(zone) or scope.period.bounds(zone)
        if start <= way.end < end:
            found.append(way)
    return found


def _open_now(scope: Scope) -> list[Way]:
    since = scope.now - WAY_LOOKBACK
    complained = select(Complaint.vehicle_id).where(Complaint.status == ComplaintStatus.OPEN)
    moved = select(StageEvent.vehicle_id).where(
        StageEvent.stage.in_([Stage.PICKED_UP, Stage.ARRIVED, Stage.RELEASED]),
        StageEvent.at >= since,
    )
    vehicles = db.session.scalars(complained.union(moved)).all()
    latest: dict[str, Way] = {}
    for way in _ways(vehicles, since, scope.now, open_complaints=True):
        latest[way.vehicle_id] = way
    open_ways = [
        way
        for way in latest.values()
        if way.end is None and (not scope.place_id or way.place_id == scope.place_id)
    ]
    return sorted(open_ways, key=lambda w: (w.start, w.vehicle_id))


def _ways(
    vehicles: list[str], since: datetime, until: datetime, open_complaints: bool = False
) -> list[Way]:
    """The ways of these scooters seen in rows of [since, until)."""
    moments: dict[str, list[Moment]] = defaultdict(list)
    for n in range(0, len(vehicles), CHUNK):
        chunk = list(vehicles[n : n + CHUNK])
        for vehicle_id, moment in _moments(chunk, since, until, open_complaints):
            moments[vehicle_id].append(moment)
    return [way for vid, rows in moments.items() for way in ways(vid, rows)]


def _moments(chunk: list[str], since: datetime, until: datetime, open_complaints: bool):
    c = Complaint
    if open_complaints:  # an open complaint older than the lookback still starts its way
        oldest = db.session.scalar(
            select(func.min(c.reported_at)).where(
                c.vehicle_id.in_(chunk), c.status == ComplaintStatus.OPEN
            )
        )
        since = min(since, oldest) if oldest is not None else since
    in_window = c.reported_at >= since
    complaints = select(c.vehicle_id, c.reported_at).where(
        c.vehicle_id.in_(chunk), in_window, c.reported_at < until
    )
    for vehicle_id, at in db.session.execute(complaints):
        yield vehicle_id, Moment(Stage.REPORTED, at)
    e = StageEvent
    events = select(e.vehicle_id, e.stage, e.at, e.place_id).where(
        e.vehicle_id.in_(chunk), e.at >= since, e.at < until
    )
    for vehicle_id, stage, at, place_id in db.session.execute(events):
        yield vehicle_id, Moment(stage, at, place_id)
    r = Repair
    repairs = select(r.vehicle_id, r.started_at, r.finished_at, r.place_id).where(
        r.vehicle_id.in_(chunk), r.started_at >= since, r.started_at < until
    )
    for vehicle_id, started, finished, place_id in db.session.execute(repairs):
        yield vehicle_id, Moment("repair", started, place_id, finished)


def _models(vehicles: set[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    ids = sorted(vehicles)
    for n in range(0, len(ids), CHUNK):
        query = select(Vehicle.vehicle_id, Vehicle.model).where(
            Vehicle.vehicle_id.in_(ids[n : n + CHUNK])
        )
        found.update(db.session.execute(query).tuples().all())
    return found


def _rows(found: list[Way], now: datetime, open_ways: bool) -> list[WayRow]:
    numbers = _numbers([w.vehicle_id for w in found])
    rows = []
    for way in found:
        if open_ways:
            stage = way.stage_now()
        else:
            split = {k: v for k, v in way.stages().items() if v is not None}
            stage = max(split, key=split.get) if split else STAGES[0][0]
        seconds = way.total_seconds(now) or 0.0
        rows.append(
            WayRow(
                way.vehicle_id, numbers.get(way.vehicle_id), way.place_id, way.start, seconds, stage
            )
        )
    return rows


def _numbers(vehicle_ids: list[str]) -> dict[str, str | None]:
    query = select(Vehicle.vehicle_id, Vehicle.number).where(Vehicle.vehicle_id.in_(vehicle_ids))
    return dict(db.session.execute(query).tuples().all())
