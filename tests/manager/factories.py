"""Repairs, jobs and shifts written straight into the database with chosen times, so that
statistics can be checked against numbers worked out by hand."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import Complaint, ComplaintJob, Job, Repair, Shift, StageEvent, Vehicle

_serial = itertools.count(1)


def at(text: str) -> datetime:
    """A UTC moment from "2026-05-04 09:00" (or with seconds)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def make_vehicle(vehicle_id: str, number: str, mileage_km: float | None = None) -> Vehicle:
    """A scooter as Drive last described it."""
    vehicle = Vehicle(
        vehicle_id=vehicle_id, number=number, model="Ninebot Max", mileage_km=mileage_km
    )
    db.session.add(vehicle)
    db.session.commit()
    return vehicle


def make_repair(
    performer_id: str,
    vehicle_id: str,
    started: str,
    minutes: float | None = None,
    status: str | None = None,
    place_id: str = "wh-1",
    mileage_km: float | None = None,
    jobs: list[tuple] = (),
    repair_id: str | None = None,
    comment: str | None = None,
) -> Repair:
    """A repair started at `started` (UTC) lasting `minutes` (None: still performing).

    `jobs`: (type, start offset in minutes, length in minutes or None, status) tuples.
    """
    start = at(started)
    finished = start + timedelta(minutes=minutes) if minutes is not None else None
    repair = Repair(
        repair_id=repair_id or f"r-{next(_serial)}",
        performer_id=performer_id,
        vehicle_id=vehicle_id,
        place_id=place_id,
        status=status or ("completed" if finished else "performing"),
        started_at=start,
        finished_at=finished,
        mileage_km_at_start=mileage_km,
        comment=comment,
    )
    db.session.add(repair)
    db.session.flush()
    for job_type, offset, length, job_status in jobs:
        job_start = start + timedelta(minutes=offset)
        db.session.add(
            Job(
                job_id=f"j-{next(_serial)}",
                repair_pk=repair.id,
                type=job_type,
                status=job_status,
                started_at=job_start,
                finished_at=job_start + timedelta(minutes=length) if length is not None else None,
            )
        )
    db.session.commit()
    return repair


def make_shift(
    performer_id: str, started: str, hours: float | None, place_id: str = "wh-1"
) -> Shift:
    """A shift from `started` (UTC) lasting `hours` (None: still open)."""
    start = at(started)
    shift = Shift(
        performer_id=performer_id,
        place_id=place_id,
        started_at=start,
        ended_at=start + timedelta(hours=hours) if hours is not None else None,
    )
    db.session.add(shift)
    db.session.commit()
    return shift


def make_demo_history(days: int = 24, seed: int = 7) -> dict:
    """A few weeks of plausible history at two warehouses, ending now (for browser tests).

    Needs the `workshop` fixture's wh-1, rep-1 and rep-2. Returns the ids it made.
    """
    import random

    from app.clock import utcnow
    from tests import factories

    rnd = random.Random(seed)
    factories.make_place("wh-2", "Склад Юг", "Europe/Samara")
    factories.make_user("rep-3", "Сергей Козлов")
    factories.make_user("rep-4", "Мария Орлова")
    people = {"wh-1": ["rep-1", "rep-2"], "wh-2": ["rep-3", "rep-4"]}
    scooters = [(f"v-{n:03d}", f"{400 + n * 7:04d}") for n in range(1, 15)]
    fleet = {"wh-1": scooters[:8], "wh-2": scooters[8:]}
    base = {vid: 800.0 + rnd.randint(0, 900) for vid, _ in scooters}
    per_day = {vid: rnd.randint(25, 70) for vid, _ in scooters}
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)

    def mileage(vid: str, day_back: float) -> float:
        return round(base[vid] + per_day[vid] * (days - day_back), 1)

    for vid, number in scooters:
        make_vehicle(vid, number, mileage(vid, 0))
    types = [
        "brake_adjustment",
        "brake_cable",
        "fenders",
        "stem_play",
        "grips",
        "reflectors",
        "kickstand",
        "dashboard_controller",
        "wrapping",
        "parking_lock",
    ]
    weights = [9, 4, 3, 5, 4, 2, 3, 2, 1, 1]
    busy: set[str] = set()
    for day_back in range(days, 0, -1):
        day = today - timedelta(days=day_back)
        for place, staff in people.items():
            for performer in staff:
                make_shift(performer, f"{day:%Y-%m-%d} 05:00", 9, place_id=place)
                clock = 5 * 60 + rnd.randint(5, 40)
                for _ in range(rnd.randint(1, 4)):
                    vid, _number = rnd.choice(fleet[place])
                    jobs, offset = [], 3
                    for job_type in set(rnd.choices(types, weights, k=rnd.randint(1, 3))):
                        length = rnd.randint(8, 55)
                        status = "completed" if rnd.random() > 0.08 else "failed"
                        jobs.append((job_type, offset, length, status))
                        offset += length + rnd.randint(1, 6)
                    failed = rnd.random() < 0.1
                    make_repair(
                        performer,
                        vid,
                        f"{day:%Y-%m-%d} {clock // 60:02d}:{clock % 60:02d}",
                        offset + 2,
                        status="failed" if failed else "completed",
                        place_id=place,
                        mileage_km=mileage(vid, day_back),
                        jobs=jobs,
                    )
                    clock += offset + rnd.randint(10, 50)
    # Now: two repairs performing, one of them forgotten since yesterday.
    now = utcnow()
    make_shift("rep-1", f"{now - timedelta(hours=3):%Y-%m-%d %H:%M}", None)
    make_repair(
        "rep-1",
        "v-001",
        f"{now - timedelta(minutes=35):%Y-%m-%d %H:%M}",
        jobs=[("brake_cable", 4, None, "performing")],
        repair_id="open-fresh",
        mileage_km=mileage("v-001", 0),
    )
    make_repair(
        "rep-3",
        "v-009",
        f"{now - timedelta(hours=26):%Y-%m-%d %H:%M}",
        place_id="wh-2",
        jobs=[("fenders", 5, None, "performing")],
        repair_id="open-forgotten",
        mileage_km=mileage("v-009", 1),
    )
    busy.update({"rep-1", "rep-3"})
    return {"scooters": scooters, "busy": busy}


def make_complaint(
    vehicle_id: str,
    reported: str,
    resolved_by: Repair | None = None,
    source: str = "user_support",
    text: str = "Тормоза не держат",
) -> Complaint:
    """A complaint reported at `reported` (UTC); resolved by `resolved_by` (at its end, linked
    to its first job) or still open."""
    complaint = Complaint(
        complaint_id=f"c-{next(_serial)}",
        vehicle_id=vehicle_id,
        source=source,
        text=text,
        reported_at=at(reported),
        status="resolved" if resolved_by else "open",
        resolved_at=resolved_by.finished_at if resolved_by else None,
        repair_pk=resolved_by.id if resolved_by else None,
    )
    db.session.add(complaint)
    db.session.flush()
    if resolved_by is not None:
        db.session.add(ComplaintJob(complaint_pk=complaint.id, job_pk=resolved_by.jobs[0].id))
    db.session.commit()
    return complaint


def make_stage(vehicle_id: str, stage: str, moment: str, place_id: str | None = None) -> StageEvent:
    """A stage event of the scooter's way at `moment` (UTC)."""
    event = StageEvent(
        event_id=f"e-{next(_serial)}",
        vehicle_id=vehicle_id,
        stage=stage,
        at=at(moment),
        place_id=place_id,
        reason="written off" if stage == "left_unrepaired" else None,
    )
    db.session.add(event)
    db.session.commit()
    return event


BRAKE = [("brake_adjustment", 0, 20, "completed")]


def _way_repair(performer, vid, start, minutes, place="wh-1", jobs=BRAKE, km=None):
    return make_repair(performer, vid, start, minutes, place_id=place, jobs=jobs, mileage_km=km)


def make_way_timelines() -> None:
    """Nine scooters' ways around 4-6 May 2026 (tests/manager/test_stats_downtime.py tells
    them); needs the `workshop` (wh-1, rep-1, rep-2)."""
    from tests import factories

    factories.make_place("wh-2", "Склад Новосибирск", "Asia/Novosibirsk")
    factories.make_user("rep-3", "Сергей Козлов")
    for n in range(1, 10):
        make_vehicle(f"v-{n}", f"000{n}")
    db.session.get(Vehicle, "v-3").model = "Ninebot G30"
    v1, v2 = db.session.get(Vehicle, "v-1"), db.session.get(Vehicle, "v-2")
    v1.mileage_km, v1.seen_at = 1200.0, at("2026-05-06 20:30")
    v2.mileage_km, v2.seen_at = 800.0, at("2026-05-06 10:00")
    db.session.commit()

    r1 = _way_repair("rep-1", "v-1", "2026-05-04 09:00", 60, km=1000)
    make_complaint("v-1", "2026-05-03 10:00", resolved_by=r1)
    make_stage("v-1", "picked_up", "2026-05-03 14:00")
    make_stage("v-1", "arrived", "2026-05-03 15:00", "wh-1")
    make_stage("v-1", "released", "2026-05-04 11:00", "wh-1")
    make_stage("v-1", "back_on_street", "2026-05-04 16:00")
    make_complaint("v-1", "2026-05-06 20:00", source="relocation_mission")

    _way_repair("rep-2", "v-2", "2026-05-04 12:30", 30, km=500)
    r2 = _way_repair("rep-2", "v-2", "2026-05-04 14:00", 60, jobs=[("grips", 0, 30, "completed")])
    make_complaint("v-2", "2026-05-04 08:00", resolved_by=r2, source="energizer_support")
    make_stage("v-2", "picked_up", "2026-05-04 10:00")
    make_stage("v-2", "arrived", "2026-05-04 10:30", "wh-1")
    make_stage("v-2", "released", "2026-05-04 15:30", "wh-1")
    make_stage("v-2", "back_on_street", "2026-05-05 09:00")

    r3 = _way_repair("rep-3", "v-3", "2026-05-05 07:00", 45, place="wh-2")
    make_complaint("v-3", "2026-05-05 00:00", resolved_by=r3)
    make_stage("v-3", "arrived", "2026-05-05 06:00", "wh-2")
    make_stage("v-3", "back_on_street", "2026-05-05 12:45")

    make_complaint("v-4", "2026-05-04 12:00")
    make_stage("v-4", "picked_up", "2026-05-04 13:00")
    make_stage("v-4", "arrived", "2026-05-04 14:00", "wh-1")
    make_stage("v-4", "left_unrepaired", "2026-05-05 10:00")

    make_complaint("v-5", "2026-05-06 06:00")
    make_stage("v-5", "picked_up", "2026-05-06 08:00")
    make_stage("v-5", "arrived", "2026-05-06 09:00", "wh-1")

    make_complaint("v-6", "2026-05-05 20:00")

    r7 = _way_repair("rep-1", "v-7", "2026-05-01 13:00", 30)
    make_complaint("v-7", "2026-05-01 10:00", resolved_by=r7)
    make_stage("v-7", "arrived", "2026-05-01 12:00", "wh-1")
    make_stage("v-7", "back_on_street", "2026-05-02 09:00")

    make_complaint("v-8", "2026-05-05 10:00")
    make_stage("v-8", "arrived", "2026-05-05 11:00", "wh-1")
    _way_repair("rep-2", "v-8", "2026-05-05 12:00", 30)
    make_stage("v-8", "released", "2026-05-05 13:00", "wh-1")

    r9 = _way_repair("rep-2", "v-9", "2026-05-06 19:30", 30)
    make_complaint("v-9", "2026-05-06 18:00", resolved_by=r9)
    make_stage("v-9", "arrived", "2026-05-06 19:00", "wh-1")
    make_stage("v-9", "back_on_street", "2026-05-06 21:30")
