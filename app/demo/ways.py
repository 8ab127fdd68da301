"""Complaints and stage events around generated repairs: each scooter's ways back to the street.

Used by the demo seed and the fleet-scale generator (bench/), after their repairs exist. For
each scooter, its repairs in time order; around a completed repair, most often, a way: a
complaint (from any source), picked up, scanned in at the repair's warehouse, the repair,
released, back on the street. Every moment fits between the scooter's previous and next
repairs, so no stage contradicts a repair (no release during a repair, no arrival after its
start). The scooter's latest state gives the queues their mix: a few wait for pick-up or in
the warehouse, some are ready to go out or released, a failed repair may leave a scooter
unrepaired; a repeat complaint soon after a way is what the statistics call a repeat failure.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from app.extensions import db
from app.models import Complaint, ComplaintJob, Job, Repair, StageEvent, Status
from app.vocabulary import ComplaintSource, ComplaintStatus, Stage

H = timedelta(hours=1)
ROUTINE = 0.45  # of repairs: routine service on the spot, with no complaint and no way
TEXTS = {
    ComplaintSource.USER_SUPPORT: ("Тормоза не держат", "Не заряжается", "Руль болтается"),
    ComplaintSource.ENERGIZER_SUPPORT: ("Не встаёт на зарядку", "Разбит экран"),
    ComplaintSource.RELOCATION_MISSION: ("Не едет, колесо спущено", "Сломана подножка"),
    ComplaintSource.REPAIRER: ("Люфт рулевой колонки", "Скрипят тормоза"),
    ComplaintSource.MANAGER: ("Проверить после ДТП",),
    ComplaintSource.DRIVE: ("broken: не работает фара", "broken: не открывается замок"),
}
SOURCE_WEIGHTS = {
    ComplaintSource.USER_SUPPORT: 40,
    ComplaintSource.ENERGIZER_SUPPORT: 15,
    ComplaintSource.RELOCATION_MISSION: 20,
    ComplaintSource.MANAGER: 5,
    ComplaintSource.DRIVE: 20,
}


@dataclass(frozen=True)
class RepairRow:
    """What the ways need of a repair: `job_pk` is its first completed job (None if none)."""

    pk: int
    vehicle_id: str
    place_id: str
    status: str
    started: datetime
    finished: datetime | None
    job_pk: int | None


@dataclass
class Rows:
    """Rows to insert: complaints (dicts), their job links and stage events."""

    complaints: list[dict] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # (complaint_id, job_pk)
    events: list[dict] = field(default_factory=list)


class WayPlanner:
    """Plans the ways of one scooter after another, from a seeded random generator."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now

    def _id(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128)).hex

    def _hours(self, median: float, spread: float = 0.8) -> timedelta:
        return H * median * self.rng.lognormvariate(0, spread)

    def scooter(self, repairs: list[RepairRow], rows: Rows) -> None:
        """Add the ways of one scooter (its repairs oldest first) to `rows`."""
        free = repairs[0].started - 30 * 24 * H if repairs else self.now - 30 * 24 * H
        for n, repair in enumerate(repairs):
            following = repairs[n + 1].started if n + 1 < len(repairs) else None
            free = self._around(repair, free, following, rows)
        if repairs and free < self.now - 72 * H and self.rng.random() < 0.06:
            self._waiting(repairs[-1], rows)  # broken again: in the city or scanned in

    def _around(self, r: RepairRow, free: datetime, following, rows: Rows) -> datetime:
        """The way around one repair; returns when the scooter is next free to break."""
        end = r.finished or self.now
        room = (r.started - free).total_seconds()
        resolved = r.status == "completed"
        writes_off = not resolved and r.finished is not None and self.rng.random() < 0.4
        wanted = resolved or writes_off or r.finished is None
        if not wanted or room < 3 * 3600 or self.rng.random() < ROUTINE:
            return max(free, end)  # routine service nobody complained about (or too soon)
        lead = min(self._hours(20, 0.7), 0.9 * (r.started - free))
        reported = r.started - lead
        picked = reported + lead * self.rng.uniform(0.3, 0.7)
        arrived = picked + (r.started - picked) * self.rng.uniform(0.05, 0.25)
        complaint = self._complaint(r.vehicle_id, reported, rows, r if resolved else None)
        if resolved and self.rng.random() < 0.15:  # the repairer found another fault
            self._complaint(r.vehicle_id, r.started + 0.05 * H, rows, r, ComplaintSource.REPAIRER)
        if self.rng.random() < 0.9:  # logistics sometimes forgets to record the pick-up
            self._event(r.vehicle_id, Stage.PICKED_UP, picked, None, rows)
        self._event(r.vehicle_id, Stage.ARRIVED, arrived, r.place_id, rows)
        if r.finished is None:
            return self.now  # still in repair
        room_after = (following or self.now + 1000 * H) - r.finished
        if writes_off:  # written off, or sent elsewhere
            left = min(r.finished + self._hours(3), r.finished + 0.5 * room_after, self.now)
            self._event(r.vehicle_id, Stage.LEFT_UNREPAIRED, left, None, rows, "Списан")
            complaint.update(status=ComplaintStatus.REJECTED, resolved_at=left, repair_pk=r.pk)
            return left
        return self._way_out(r, room_after, rows, last=following is None)

    def _way_out(self, r: RepairRow, room: timedelta, rows: Rows, last: bool) -> datetime:
        released = r.finished + min(self._hours(1.5), 0.15 * room)
        back = released + min(self._hours(8, 0.6), 0.3 * room)
        if last and r.finished > self.now - 48 * H:  # the latest ones: some still on their way
            chance = self.rng.random()
            if chance < 0.15:
                released = self.now  # not released yet: ready to go out on the board
            elif chance < 0.4:
                back = self.now  # released, on the drop-off list
        if released >= self.now:
            return self.now  # repaired, waiting on the board to be released
        for complaint in rows.complaints[-2:]:
            if complaint["repair_pk"] == r.pk:
                complaint["released_at"] = released
        self._event(r.vehicle_id, Stage.RELEASED, released, r.place_id, rows)
        if back >= self.now:
            return self.now  # on the drop-off list
        self._event(r.vehicle_id, Stage.BACK_ON_STREET, back, None, rows)
        return back

    def _waiting(self, last: RepairRow, rows: Rows) -> None:
        reported = self.now - min(self._hours(14, 0.6), 60 * H)
        self._complaint(last.vehicle_id, reported, rows)
        if self.rng.random() < 0.4:
            picked = reported + (self.now - reported) * self.rng.uniform(0.3, 0.6)
            self._event(last.vehicle_id, Stage.PICKED_UP, picked, None, rows)
            arrived = picked + (self.now - picked) * self.rng.uniform(0.1, 0.4)
            self._event(last.vehicle_id, Stage.ARRIVED, arrived, last.place_id, rows)

    def _complaint(self, vehicle_id, reported, rows: Rows, resolved_by=None, source=None) -> dict:
        source = source or self.rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        complaint = {
            "complaint_id": self._id(),
            "vehicle_id": vehicle_id,
            "source": str(source),
            "text": self.rng.choice(TEXTS[source]),
            "reported_at": reported,
            "reported_by": None if source == ComplaintSource.DRIVE else "support-bot",
            "status": ComplaintStatus.RESOLVED if resolved_by else ComplaintStatus.OPEN,
            "resolved_at": resolved_by.finished if resolved_by else None,
            "repair_pk": resolved_by.pk if resolved_by else None,
            "released_at": None,
            "created_at": reported,
        }
        rows.complaints.append(complaint)
        if resolved_by is not None and resolved_by.job_pk is not None:
            rows.links.append((complaint["complaint_id"], resolved_by.job_pk))
        return complaint

    def _event(self, vehicle_id, stage, at, place_id, rows: Rows, reason=None) -> None:
        rows.events.append(
            {
                "event_id": self._id(),
                "vehicle_id": vehicle_id,
                "stage": str(stage),
                "at": at,
                "place_id": place_id,
                "by": "logistics" if place_id is None else None,
                "reason": reason,
                "created_at": at,
            }
        )


def scooters_repairs() -> Iterator[list[RepairRow]]:
    """Every scooter's repairs, oldest first, one scooter at a time (streamed)."""
    first_done = (
        select(Job.repair_pk, func.min(Job.id).label("job_pk"))
        .where(Job.status == Status.COMPLETED)
        .group_by(Job.repair_pk)
        .subquery()
    )
    query = (
        select(
            Repair.id,
            Repair.vehicle_id,
            Repair.place_id,
            Repair.status,
            Repair.started_at,
            Repair.finished_at,
            first_done.c.job_pk,
        )
        .outerjoin(first_done, first_done.c.repair_pk == Repair.id)
        .order_by(Repair.vehicle_id, Repair.started_at, Repair.id)
        .execution_options(yield_per=10_000)
    )
    scooter: list[RepairRow] = []
    for row in db.session.execute(query):
        repair = RepairRow(*row)
        if scooter and scooter[0].vehicle_id != repair.vehicle_id:
            yield scooter
            scooter = []
        scooter.append(repair)
    if scooter:
        yield scooter


def seed_ways(rng: random.Random, now: datetime) -> dict[str, int]:
    """Plan and insert the ways around every repair in the database (the demo's scale)."""
    rows = Rows()
    planner = WayPlanner(rng, now)
    for repairs in list(scooters_repairs()):
        planner.scooter(repairs, rows)
    if rows.complaints:
        db.session.execute(insert(Complaint), rows.complaints)
    ids = dict(db.session.execute(select(Complaint.complaint_id, Complaint.id)).tuples().all())
    if rows.links:
        links = [{"complaint_pk": ids[c], "job_pk": j, "linked_at": now} for c, j in rows.links]
        db.session.execute(insert(ComplaintJob), links)
    if rows.events:
        db.session.execute(insert(StageEvent), rows.events)
    return {"complaints": len(rows.complaints), "stage_events": len(rows.events)}
