"""Fill an empty database with a demo: weeks of repairs on the simulator's fleet.

Everything is generated from a fixed seed, inserted in bulk, and consistent with the rules:
jobs inside their repair's time span, one performing repair per repairer and per scooter,
mileage growing over time for each scooter.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from app.clock import utcnow
from app.demo.people import JOB_MINUTES, PLACES, USERS
from app.demo.ways import seed_ways
from app.drive import simulator_for
from app.extensions import db
from app.mileage import km_since_same_job_update
from app.models import ControlCommand, Job, Place, Repair, Shift, User, Vehicle

SEED = 20261126


def is_empty() -> bool:
    """True when nobody has been added yet."""
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def seed(app, days: int = 35) -> dict[str, int]:
    """Create the demo places, users and `days` days of history; returns row counts."""
    rng = random.Random(SEED)
    _people()
    scooters = [s for s in simulator_for(app).scooters() if not s.offline]
    db.session.execute(
        insert(Vehicle),
        [
            {
                "vehicle_id": s.vehicle_id,
                "number": s.number,
                "model": s.model,
                "mileage_km": s.mileage_km,
                "seen_at": utcnow(),
            }
            for s in scooters
        ],
    )
    favourites = rng.sample(scooters, 25)  # scooters that break more often than others
    plan = _History(rng, scooters, favourites)
    today = utcnow().date()
    for offset in range(days, 0, -1):
        plan.day(today - timedelta(days=offset))
    plan.open_repairs()
    db.session.execute(insert(Shift), plan.shifts)
    db.session.execute(insert(Repair), plan.repairs)
    ids = dict(db.session.execute(select(Repair.repair_id, Repair.id)).all())
    db.session.execute(
        insert(Job), [job | {"repair_pk": ids[job.pop("repair")]} for job in plan.jobs]
    )
    db.session.execute(insert(ControlCommand), plan.commands)
    _fill_mileage(plan.repairs, scooters)
    db.session.execute(km_since_same_job_update())  # the statistics' km between repairs
    ways = seed_ways(random.Random(SEED + 2), utcnow())  # complaints and stages around them
    db.session.commit()
    return {
        "repairs": len(plan.repairs),
        "jobs": len(plan.jobs),
        "shifts": len(plan.shifts),
        "commands": len(plan.commands),
        **ways,
    }


def _people() -> None:
    for place_id, name, zone in PLACES:
        db.session.add(Place(place_id=place_id, name=name, timezone=zone))
    for performer_id, name, role, pin, _home in USERS:
        user = User(performer_id=performer_id, name=name, role=role)
        user.set_pin(pin)
        db.session.add(user)
    db.session.flush()


def _fill_mileage(repairs: list[dict], scooters) -> None:
    """Earlier repairs saw less mileage: each scooter rides 5-30 km a day between repairs."""
    current = {s.vehicle_id: s.mileage_km for s in scooters}
    rng = random.Random(SEED + 1)
    rate = {vid: rng.uniform(5, 30) for vid in current}
    now = utcnow()
    rows = db.session.execute(select(Repair.id, Repair.vehicle_id, Repair.started_at))
    updates = []
    for repair_pk, vehicle_id, started_at in rows:
        days_ago = (now - started_at).total_seconds() / 86400
        km = max(current[vehicle_id] - rate[vehicle_id] * days_ago, 0.0)
        updates.append({"id": repair_pk, "mileage_km_at_start": round(km, 1)})
    db.session.execute(
        Repair.__table__.update()
        .where(Repair.__table__.c.id == db.bindparam("b_id"))
        .values(mileage_km_at_start=db.bindparam("b_km")),
        [{"b_id": u["id"], "b_km": u["mileage_km_at_start"]} for u in updates],
    )


class _History:
    """Generates one working day after another for every repairer."""

    def __init__(self, rng: random.Random, scooters, favourites) -> None:
        self.rng, self.scooters, self.favourites = rng, scooters, favourites
        self.zones = {place_id: ZoneInfo(zone) for place_id, _name, zone in PLACES}
        self.repairers = [(u[0], u[4]) for u in USERS if u[2] == "repairer"]
        self.repairs: list[dict] = []
        self.jobs: list[dict] = []
        self.shifts: list[dict] = []
        self.commands: list[dict] = []
        self.busy_until: dict[str, datetime] = {}

    def day(self, day: date) -> None:
        if day.weekday() == 6:  # Sundays off
            return
        for performer_id, place_id in self.repairers:
            if self.rng.random() < 0.1:  # a day off
                continue
            start = self._local(day, time(9, self.rng.randint(0, 30)), place_id)
            end = start + timedelta(hours=8, minutes=self.rng.randint(0, 60))
            self.shifts.append(
                {
                    "performer_id": performer_id,
                    "place_id": place_id,
                    "started_at": start,
                    "ended_at": end,
                }
            )
            moment = start + timedelta(minutes=self.rng.randint(5, 20))
            while moment < end - timedelta(minutes=40):
                moment = self._repair(performer_id, place_id, moment)
                moment += timedelta(minutes=self.rng.randint(5, 40))

    def open_repairs(self) -> None:
        """Two repairs still open: one in progress now, one forgotten since yesterday."""
        now = utcnow()
        self._repair("rep-3", "wh-south", now - timedelta(minutes=35), open_now=True)
        self._repair("rep-6", "wh-ekb", now - timedelta(hours=26), open_now=True)

    def _local(self, day: date, at: time, place_id: str) -> datetime:
        return datetime.combine(day, at, self.zones[place_id]).astimezone(UTC)

    def _scooter(self, at: datetime):
        pool = self.favourites if self.rng.random() < 0.35 else self.scooters
        for _ in range(20):
            scooter = self.rng.choice(pool)
            if self.busy_until.get(scooter.vehicle_id, at) <= at:
                return scooter
        return None

    def _repair(
        self, performer_id: str, place_id: str, start: datetime, open_now: bool = False
    ) -> datetime:
        scooter = self._scooter(start)
        if scooter is None:
            return start
        repair_id = uuid.UUID(int=self.rng.getrandbits(128)).hex
        moment = start + timedelta(minutes=self.rng.randint(1, 4))
        types = self.rng.sample(list(JOB_MINUTES), self.rng.choice([1, 1, 1, 2, 2, 3]))
        statuses = []
        for n, job_type in enumerate(types):
            minutes = JOB_MINUTES[job_type] * self.rng.lognormvariate(0, 0.35)
            still_open = open_now and n == len(types) - 1
            status = (
                None
                if still_open
                else self.rng.choices(["completed", "failed", "cancelled"], [90, 7, 3])[0]
            )
            finished = None if still_open else moment + timedelta(minutes=minutes)
            self.jobs.append(
                {
                    "job_id": uuid.UUID(int=self.rng.getrandbits(128)).hex,
                    "repair": repair_id,
                    "type": job_type,
                    "status": status or "performing",
                    "started_at": moment,
                    "finished_at": finished,
                }
            )
            statuses.append(status)
            if n == 0:
                self._command(performer_id, scooter.vehicle_id, repair_id, moment)
            moment = (finished or moment) + timedelta(minutes=self.rng.randint(1, 5))
        status = "performing" if open_now else self._repair_status(statuses)
        finished_at = None if open_now else moment
        self.repairs.append(
            {
                "repair_id": repair_id,
                "performer_id": performer_id,
                "vehicle_id": scooter.vehicle_id,
                "place_id": place_id,
                "status": status,
                "started_at": start,
                "finished_at": finished_at,
            }
        )
        self.busy_until[scooter.vehicle_id] = finished_at or datetime.max.replace(tzinfo=UTC)
        return moment

    def _repair_status(self, job_statuses: list[str | None]) -> str:
        if "completed" not in job_statuses:
            return "failed"
        return self.rng.choices(["completed", "failed", "cancelled"], [92, 5, 3])[0]

    def _command(self, performer_id, vehicle_id, repair_id, at: datetime) -> None:
        action = self.rng.choice(["open_deck", "self_test", "headlight_on", "unblock_wheel"])
        outcome = self.rng.choices(["ok", "failed", "unknown"], [94, 4, 2])[0]
        error = {"ok": None, "failed": "drive_error", "unknown": "drive_timeout"}[outcome]
        self.commands.append(
            {
                "performer_id": performer_id,
                "vehicle_id": vehicle_id,
                "repair_id": repair_id,
                "action": action,
                "channel": "tablet",
                "outcome": outcome,
                "error": error,
                "detail": "car_offline" if outcome == "failed" else None,
                "result": None,
                "requested_at": at,
                "finished_at": at + timedelta(seconds=self.rng.uniform(0.3, 4)),
            }
        )
