"""The queues people work from: the warehouse board (waiting for repair, in repair, ready to
go out), the pick-up list (in the city with open complaints) and the drop-off list (released,
not yet back on the street). Each oldest first.

Where a scooter is comes from its latest stage event: `arrived` at a warehouse puts it on
that warehouse's board until it is released or leaves; `released` puts it on the drop-off
list until it is back on the street; none, or one after which a complaint came, puts a
scooter with open complaints on the pick-up list. A performing repair puts a scooter "in
repair" at the repair's warehouse even if nobody scanned it in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import ACTIVE, Complaint, Repair, StageEvent, Status, Vehicle
from app.vocabulary import ComplaintStatus, Stage

# After these, the scooter is out of our hands: a newer complaint sends it to the pick-up list.
OUT = (Stage.RELEASED, Stage.BACK_ON_STREET, Stage.LEFT_UNREPAIRED)


@dataclass(frozen=True)
class QueueEntry:
    """One scooter in a queue: since when, where (its warehouse), and its open complaints."""

    vehicle_id: str
    number: str | None
    since: datetime
    place_id: str | None
    complaints: list[Complaint] = field(default_factory=list)
    repair_id: str | None = None


@dataclass(frozen=True)
class Board:
    """A warehouse's scooters, each column oldest first."""

    waiting: list[QueueEntry]
    in_repair: list[QueueEntry]
    ready: list[QueueEntry]


def latest_stages(vehicle_ids: list[str] | None = None) -> dict[str, StageEvent]:
    """Each scooter's latest stage event (by time, then by recording order)."""
    order = (StageEvent.at.desc(), StageEvent.id.desc())
    number = func.row_number().over(partition_by=StageEvent.vehicle_id, order_by=order)
    ranked = select(StageEvent.id, number.label("n"))
    if vehicle_ids is not None:
        ranked = ranked.where(StageEvent.vehicle_id.in_(vehicle_ids))
    ranked = ranked.subquery()
    query = select(StageEvent).join(ranked, ranked.c.id == StageEvent.id).where(ranked.c.n == 1)
    return {event.vehicle_id: event for event in db.session.scalars(query)}


def open_complaints(vehicle_ids: list[str] | None = None) -> dict[str, list[Complaint]]:
    """Open complaints by scooter, oldest first."""
    query = select(Complaint).where(Complaint.status == ComplaintStatus.OPEN)
    if vehicle_ids is not None:
        query = query.where(Complaint.vehicle_id.in_(vehicle_ids))
    found: dict[str, list[Complaint]] = defaultdict(list)
    for complaint in db.session.scalars(query.order_by(Complaint.reported_at, Complaint.id)):
        found[complaint.vehicle_id].append(complaint)
    return found


def board(place_id: str) -> Board:
    """The warehouse board: scanned in and waiting, in repair, repaired and ready to go out."""
    arrived = {
        v: e
        for v, e in latest_stages().items()
        if e.stage == Stage.ARRIVED and e.place_id == place_id
    }
    performing = db.session.scalars(
        select(Repair).where(Repair.status == ACTIVE, Repair.place_id == place_id)
    ).all()
    in_repair = {r.vehicle_id: r for r in performing}
    repaired = _repaired_since(arrived)
    vehicles = list(arrived.keys() | in_repair.keys())
    complaints, numbers = open_complaints(vehicles), _numbers(vehicles)

    def entry(vehicle_id: str, since: datetime, repair_id: str | None = None) -> QueueEntry:
        return QueueEntry(
            vehicle_id,
            numbers.get(vehicle_id),
            since,
            place_id,
            complaints.get(vehicle_id, []),
            repair_id,
        )

    columns: dict[str, list[QueueEntry]] = {"waiting": [], "in_repair": [], "ready": []}
    for vehicle_id, repair in in_repair.items():
        since = arrived[vehicle_id].at if vehicle_id in arrived else repair.started_at
        columns["in_repair"].append(entry(vehicle_id, since, repair.repair_id))
    for vehicle_id, event in arrived.items():
        if vehicle_id in in_repair:
            continue
        column = "ready" if vehicle_id in repaired else "waiting"
        columns[column].append(entry(vehicle_id, event.at, repaired.get(vehicle_id)))
    return Board(**{name: _oldest_first(rows) for name, rows in columns.items()})


def pickup_list(place_id: str | None = None) -> list[QueueEntry]:
    """Scooters in the city with complaints open since they were last out of our hands."""
    complaints = open_complaints()
    latest = latest_stages(list(complaints))
    homes = _last_repair_places(list(complaints))
    in_repair = set(
        db.session.scalars(
            select(Repair.vehicle_id)
            .where(Repair.vehicle_id.in_(list(complaints)))
            .where(Repair.status == ACTIVE)
        )
    )
    numbers = _numbers(list(complaints))
    entries = []
    for vehicle_id, open_ones in complaints.items():
        last = latest.get(vehicle_id)
        if vehicle_id in in_repair or (last is not None and last.stage not in OUT):
            continue
        waiting = [c for c in open_ones if last is None or c.reported_at > last.at]
        home = (last.place_id if last is not None else None) or homes.get(vehicle_id)
        if not waiting or (place_id is not None and home != place_id):
            continue
        since = waiting[0].reported_at
        entries.append(QueueEntry(vehicle_id, numbers.get(vehicle_id), since, home, waiting))
    return _oldest_first(entries)


def dropoff_list(place_id: str | None = None) -> list[QueueEntry]:
    """Released scooters not yet back on the street."""
    released = [
        e
        for e in latest_stages().values()
        if e.stage == Stage.RELEASED and (place_id is None or e.place_id == place_id)
    ]
    vehicles = [e.vehicle_id for e in released]
    complaints, numbers = open_complaints(vehicles), _numbers(vehicles)
    entries = [
        QueueEntry(
            e.vehicle_id,
            numbers.get(e.vehicle_id),
            e.at,
            e.place_id,
            complaints.get(e.vehicle_id, []),
        )
        for e in released
    ]
    return _oldest_first(entries)


def _repaired_since(arrived: dict[str, StageEvent]) -> dict[str, str]:
    """Of the scanned-in scooters, those with a repair completed since: its repair id."""
    if not arrived:
        return {}
    query = select(Repair).where(
        Repair.vehicle_id.in_(list(arrived)), Repair.status == Status.COMPLETED
    )
    done = {}
    for repair in db.session.scalars(query.order_by(Repair.started_at)):
        if repair.started_at >= arrived[repair.vehicle_id].at:
            done[repair.vehicle_id] = repair.repair_id
    return done


def _last_repair_places(vehicle_ids: list[str]) -> dict[str, str]:
    """Each scooter's warehouse of its latest repair (its home for the pick-up list)."""
    query = select(Repair.vehicle_id, Repair.place_id).where(Repair.vehicle_id.in_(vehicle_ids))
    return dict(db.session.execute(query.order_by(Repair.started_at, Repair.id)).tuples().all())


def _numbers(vehicle_ids: list[str]) -> dict[str, str | None]:
    query = select(Vehicle.vehicle_id, Vehicle.number).where(Vehicle.vehicle_id.in_(vehicle_ids))
    return dict(db.session.execute(query).tuples().all())


def _oldest_first(entries: list[QueueEntry]) -> list[QueueEntry]:
    return sorted(entries, key=lambda e: (e.since, e.vehicle_id))
