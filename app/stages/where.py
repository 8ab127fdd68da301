"""Where one scooter is on its way now: what the card shows and which buttons it offers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import ACTIVE, Repair, StageEvent
from app.stages.queues import latest_stages
from app.vocabulary import Stage


@dataclass(frozen=True)
class Whereabouts:
    """The scooter's latest stage (None: none recorded) and whether a repair is running."""

    latest: StageEvent | None
    in_repair: bool

    def at_warehouse(self, place_id: str) -> bool:
        """Scanned in at this warehouse and not released or gone since."""
        return (
            self.latest is not None
            and self.latest.stage == Stage.ARRIVED
            and self.latest.place_id == place_id
        )

    def may_release(self) -> bool:
        """Release is offered while no repair runs, unless the scooter is released already."""
        return not self.in_repair and (self.latest is None or self.latest.stage != Stage.RELEASED)


def whereabouts(vehicle_id: str) -> Whereabouts:
    """Where the scooter is now."""
    running = select(Repair.id).where(Repair.vehicle_id == vehicle_id, Repair.status == ACTIVE)
    return Whereabouts(
        latest_stages([vehicle_id]).get(vehicle_id), db.session.scalar(running) is not None
    )
