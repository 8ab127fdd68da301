"""Field missions: created once by the mission app, worked point by point, confirmed.

A repair at a point is started by `services.start_repair` with the mission named in its
request: `claim_point` checks and claims the point in that same transaction, and
`finish_repair` calls `end_point` in its own, so a point's status never disagrees with its
repair's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.database import write_transaction
from app.errors import Conflict, Forbidden, NotFound, Unprocessable
from app.events.kinds import EventKind
from app.events.record import record
from app.extensions import db
from app.models import Mission, MissionPoint, Repair
from app.models.missions import CLOSED, OPEN
from app.repairs import lookup
from app.vocabulary import PointStatus

MAX_POINTS = 100


@dataclass(frozen=True)
class MissionRequest:
    """What the mission app asks for: its id, the field performer, the dispatching warehouse
    and the scooters to visit, in order."""

    mission_id: str
    performer_id: str
    place_id: str
    vehicle_ids: tuple[str, ...]


def create_mission(req: MissionRequest) -> tuple[Mission, bool]:
    """Create a mission, or recognise a retry of the same one. Returns (mission, created)."""
    existing = db.session.get(Mission, req.mission_id)
    if existing is not None:
        return _replayed(existing, req), False
    lookup.active_user(req.performer_id)
    lookup.active_place(req.place_id)
    try:
        with write_transaction():
            mission = Mission(
                mission_id=req.mission_id,
                performer_id=req.performer_id,
                place_id=req.place_id,
                status=OPEN,
                created_at=utcnow(),
            )
            mission.points = [
                MissionPoint(position=n, vehicle_id=vehicle_id, status=PointStatus.PENDING)
                for n, vehicle_id in enumerate(req.vehicle_ids, start=1)
            ]
            db.session.add(mission)
            _record(EventKind.MISSION_CREATED, mission, points=len(req.vehicle_ids))
    except IntegrityError:  # the same id committed by a parallel request: a retry
        existing = db.session.get(Mission, req.mission_id)
        if existing is None:
            raise
        return _replayed(existing, req), False
    return get_mission(req.mission_id), True


def _replayed(mission: Mission, req: MissionRequest) -> Mission:
    vehicles = tuple(point.vehicle_id for point in mission.points)
    if (mission.performer_id, mission.place_id, vehicles) != (
        req.performer_id,
        req.place_id,
        req.vehicle_ids,
    ):
        raise Unprocessable(
            f"Mission {req.mission_id!r} was created with other parameters.",
            code="idempotency_mismatch",
            mission_id=req.mission_id,
        )
    return mission


def get_mission(mission_id: str, *, for_update: bool = False) -> Mission:
    """The mission with this id, else 404 not_found."""
    query = select(Mission).where(Mission.mission_id == mission_id)
    if for_update:
        query = query.with_for_update()
    mission = db.session.scalar(query)
    if mission is None:
        raise NotFound(f"No mission {mission_id!r}.", mission_id=mission_id)
    return mission


def open_mission_of(performer_id: str) -> Mission | None:
    """The performer's open mission (the newest, should there be several)."""
    query = (
        select(Mission)
        .where(Mission.performer_id == performer_id, Mission.status == OPEN)
        .order_by(Mission.created_at.desc())
    )
    return db.session.scalars(query).first()


def claim_point(mission_id: str, performer_id: str, vehicle_id: str) -> Mission:
    """Inside start_repair's transaction: the mission is open and the performer's, and the
    scooter is one of its points still to do. Returns the mission (its row locked)."""
    mission = get_mission(mission_id, for_update=True)
    if mission.performer_id != performer_id:
        raise Forbidden(
            f"Mission {mission_id!r} is assigned to another performer.",
            code="not_your_mission",
            mission_id=mission_id,
        )
    if not mission.is_open:
        raise Conflict(f"Mission {mission_id!r} is closed.", code="mission_closed")
    point = next((p for p in mission.points if p.vehicle_id == vehicle_id), None)
    if point is None:
        raise Unprocessable(
            f"Vehicle {vehicle_id!r} is not a point of mission {mission_id!r}.",
            code="not_a_point",
            mission_id=mission_id,
        )
    if not point.is_pending:
        raise Conflict(
            f"Point {point.position} of mission {mission_id!r} is already {point.status}.",
            code="point_finished",
            position=point.position,
            status=point.status,
        )
    return mission


def attach_repair(mission: Mission, repair: Repair) -> None:
    """Inside start_repair's transaction: the point's repair is this one."""
    point = next(p for p in mission.points if p.vehicle_id == repair.vehicle_id)
    point.repair_id = repair.repair_id


def end_point(repair: Repair) -> None:
    """Inside finish_repair's transaction: the point of a field repair ends as its repair."""
    point = db.session.scalar(
        select(MissionPoint).where(
            MissionPoint.mission_id == repair.mission_id,
            MissionPoint.repair_id == repair.repair_id,
        )
    )
    if point is None or not point.is_pending:
        return
    point.status = PointStatus.for_repair_end(repair.status)
    point.finished_at = repair.finished_at
    record(
        EventKind.MISSION_POINT_ENDED,
        vehicle_id=point.vehicle_id,
        repair_id=repair.repair_id,
        performer_id=repair.performer_id,
        data={"mission_id": point.mission_id, "position": point.position, "status": point.status},
    )


def confirm_mission(mission_id: str) -> Mission:
    """Close the mission once every point has ended; confirming again is harmless."""
    with write_transaction():
        mission = get_mission(mission_id, for_update=True)
        if mission.is_open:
            pending = [p.position for p in mission.points if p.is_pending]
            if pending:
                raise Conflict(
                    "Some points are not finished yet.",
                    code="points_pending",
                    mission_id=mission_id,
                    positions=pending,
                )
            mission.status, mission.closed_at = CLOSED, utcnow()
            _record(EventKind.MISSION_CONFIRMED, mission)
    return get_mission(mission_id)


def _record(kind: EventKind, mission: Mission, **data) -> None:
    record(kind, performer_id=mission.performer_id, data={"mission_id": mission.mission_id} | data)
