"""A scooter's ways from a complaint back to the street, cut into their stages.

A *way* begins with the first complaint reported, or the first `picked_up` or `arrived`
recorded, while the scooter is on the street (no way open); it ends with `back_on_street`
or `left_unrepaired`. Its milestones are the first of each kind after it began:

    reported -> picked_up -> arrived -> repair start -> repair end -> back on the street

and its stages run between consecutive milestones (docs/DESIGN.md, "True downtime"):
waiting for pick-up, in transit, waiting in the warehouse, in repair (first repair's start
to the last repair's end, repairs started in the way before it ended) and waiting to go out
(from the last repair's end, through the release, to back on the street). A milestone that
was not recorded leaves its stage uncounted, and the stage before it runs on to the next
recorded milestone, so the stages of a way always add up to its total.

Pure functions over rows already read: the statistics decide which rows to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.vocabulary import Stage

# The stages of a way, in order: (code, the milestone it starts at, the one it ends at).
STAGES = (
    ("waiting_pickup", "reported", "picked_up"),
    ("in_transit", "picked_up", "arrived"),
    ("waiting_warehouse", "arrived", "repair_start"),
    ("in_repair", "repair_start", "repair_end"),
    ("waiting_out", "repair_end", "end"),
)
MILESTONES = ("reported", "picked_up", "arrived", "repair_start", "repair_end", "end")
ENDS = (Stage.BACK_ON_STREET, Stage.LEFT_UNREPAIRED)


@dataclass(frozen=True)
class Moment:
    """One row of a scooter's history: a complaint (`reported`), a stage event, or a repair
    (`repair`, with `until` its end or None while performing)."""

    kind: str
    at: datetime
    place_id: str | None = None
    until: datetime | None = None


@dataclass
class Way:
    """One way of one scooter; `end` is None while the scooter is still off the street."""

    vehicle_id: str
    start: datetime
    milestones: dict[str, datetime]
    place_id: str | None = None
    ended_by: str | None = None  # back_on_street or left_unrepaired
    released: datetime | None = None

    @property
    def end(self) -> datetime | None:
        return self.milestones.get("end")

    @property
    def complete(self) -> bool:
        """Back on the street (a way left unrepaired has no downtime to count)."""
        return self.ended_by == Stage.BACK_ON_STREET

    def total_seconds(self, now: datetime | None = None) -> float | None:
        """From its start to back on the street (or to `now` for an open way)."""
        until = self.end or now
        return None if until is None else (until - self.start).total_seconds()

    def stages(self) -> dict[str, float | None]:
        """Seconds spent in each stage; None for a stage with a milestone not recorded."""
        seconds: dict[str, float | None] = {}
        for code, first, last in STAGES:
            begin = self.milestones.get(first)
            if begin is None:
                seconds[code] = None
                continue
            finish = self.milestones.get(last) or self._next_after(last)
            seconds[code] = None if finish is None else (finish - begin).total_seconds()
        return seconds

    def _next_after(self, milestone: str) -> datetime | None:
        for later in MILESTONES[MILESTONES.index(milestone) + 1 :]:
            if later in self.milestones:
                return self.milestones[later]
        return None

    def stage_now(self) -> str:
        """The stage an open way is in: the one after its latest milestone."""
        if self.released is not None:
            return "waiting_out"
        reached = [m for m in MILESTONES if m in self.milestones]
        for code, first, _last in reversed(STAGES):
            if first == reached[-1]:
                return code
        return STAGES[0][0]


def ways(vehicle_id: str, moments: list[Moment]) -> list[Way]:
    """Every way in one scooter's history (its moments in any order), oldest first."""
    found: list[Way] = []
    current: Way | None = None
    for moment in sorted(moments, key=_order):
        if current is None:
            if moment.kind not in (Stage.REPORTED, Stage.PICKED_UP, Stage.ARRIVED):
                continue  # a repair or a release with no way open: not downtime we can see
            current = Way(vehicle_id, moment.at, {})
            found.append(current)
        _add(current, moment)
        if current.ended_by is not None:
            current = None
    return found


def _order(moment: Moment) -> tuple:
    # At the same instant: a complaint first, the way's end last.
    rank = 0 if moment.kind == Stage.REPORTED else 2 if moment.kind in ENDS else 1
    return (moment.at, rank)


def _add(way: Way, moment: Moment) -> None:
    seen = way.milestones
    if "end" in seen:
        return
    if moment.kind == "repair":
        seen.setdefault("repair_start", moment.at)
        way.place_id = way.place_id or moment.place_id
        if moment.until is not None and moment.until > seen.get("repair_end", moment.until):
            seen["repair_end"] = moment.until
        elif moment.until is not None:
            seen.setdefault("repair_end", moment.until)
    elif moment.kind == Stage.RELEASED:
        way.released = way.released or moment.at
        way.place_id = way.place_id or moment.place_id
    elif moment.kind in ENDS:
        seen["end"] = moment.at
        way.ended_by = moment.kind
    elif moment.kind in (Stage.REPORTED, Stage.PICKED_UP, Stage.ARRIVED):
        # A milestone counts only before any later one: a complaint filed in the warehouse
        # joins the way without moving its start.
        later = MILESTONES[MILESTONES.index(moment.kind) + 1 :]
        if moment.kind not in seen and not any(m in seen for m in later):
            seen[moment.kind] = moment.at
            if moment.kind == Stage.ARRIVED:
                way.place_id = moment.place_id
