"""The simulated Drive: answers details and control requests for the demo fleet.

Transport-free: the WSGI app and the in-process transport adapter both call into this, and
decide how to misbehave from the ``Plan`` it draws from the fault switches.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, replace
from typing import Any

from .fleet import Fleet, Scooter, generate_fleet
from .store import Faults, ScooterState, StateStore
from .tags import COMMENT_MAX, REQUEST_ID_MAX, TAG_MAX, TagLedger, TagWrite

# Drive's own list, which the simulator implements one by one in _transition: it stands in for
# Drive, so it does not read ours (app/vocabulary.py); tests/test_vocabulary.py checks the two
# agree, so a command we add without teaching the simulator what it does fails there.
ACTIONS = (
    "open_deck",
    "headlight_on",
    "headlight_off",
    "self_test",
    "open_lock",
    "block_wheel",
    "unblock_wheel",
)
SELF_TEST_MIN_BATTERY = 10
SLOW_DEFAULT_LATENCY = 2.5

Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class Plan:
    """How to misbehave on one request: ``mode`` plus ``delay`` seconds before answering.

    Modes: ``ok``, ``timeout`` (never answers in time), ``trickle`` (the answer comes one byte
    a second), ``huge`` (the answer runs to 300 MB), ``error500``, ``garbage``, ``down`` (refuse
    the connection), ``reset`` (drop the connection after handling the request).
    """

    mode: str = "ok"
    delay: float = 0.0


class Simulator:
    """The demo fleet, its shared state and its misbehaviour switches."""

    def __init__(self, path: str, *, token: str | None = None, fleet: Fleet | None = None):
        """Keep state in the SQLite file ``path``; require ``OAuth <token>`` when token is set."""
        self.store = StateStore(path)
        self.tags = TagLedger(self.store)
        self.token = token or None
        self.fleet = fleet if fleet is not None else generate_fleet()
        self._random = random.Random()

    # Switches and inspection, for tests, demos and the CLI.

    def set_faults(
        self, mode: str = "ok", *, latency: float = 0.0, error_rate: float = 1.0, scope: str = "all"
    ) -> Faults:
        """Set the misbehaviour switches (see ``Faults``) and return them."""
        faults = Faults(mode, float(latency), float(error_rate), scope)
        self.store.set_faults(faults)
        return faults

    def update_faults(self, **changes: Any) -> Faults:
        """Change some switches and keep the others."""
        faults = replace(self.store.faults(), **changes)
        self.store.set_faults(faults)
        return faults

    def clear_faults(self) -> None:
        """Behave normally again."""
        self.store.set_faults(Faults())

    def faults(self) -> Faults:
        """The current switches."""
        return self.store.faults()

    def reset(self) -> None:
        """Forget all state, counters and logged commands, and clear the faults."""
        self.store.reset()

    def scooters(self) -> list[Scooter]:
        """The whole demo fleet."""
        return list(self.fleet.scooters)

    def scooter(self, vehicle_id: str | None = None, *, number: str | None = None) -> Scooter:
        """One scooter by id or number; KeyError if there is none."""
        found = self.fleet.get(vehicle_id) if vehicle_id else self.fleet.by_number(number or "")
        if found is None:
            raise KeyError(vehicle_id or number)
        return found

    def state(self, vehicle_id: str) -> ScooterState:
        """A scooter's current state as commands left it."""
        return self.store.state(vehicle_id)

    def edit_car(self, vehicle_id: str, **fields: Any) -> None:
        """From now on report these fields of the car's details as given, for tests and demos.

        Any JSON value goes, even one outside Drive's contract (a 200-character model, a NaN
        mileage), since the app must cope with what a real Drive may send. A new ``number`` is
        also what the car is found by. KeyError for an unknown car, ValueError for a field the
        details do not have.
        """
        scooter = self.scooter(vehicle_id)
        unknown = set(fields) - set(scooter.to_json())
        if unknown:
            raise ValueError(f"no such field of the car details: {', '.join(sorted(unknown))}")
        self.store.edit_car(vehicle_id, fields)

    def request_count(self, method: str, path: str) -> int:
        """How many requests the simulator received for (method, path)."""
        return self.store.request_counts().get((method.upper(), path), 0)

    def commands(self, vehicle_id: str | None = None) -> list[tuple[str, str, int]]:
        """Control commands received for existing cars: (vehicle_id, action, status)."""
        return self.store.commands(vehicle_id)

    def tag_writes(self, vehicle_id: str | None = None) -> list[TagWrite]:
        """Tag writes received for existing cars, once per request id, oldest first."""
        return self.tags.writes(vehicle_id)

    def current_tags(self, vehicle_id: str) -> list[dict[str, Any]]:
        """The car's tags as its details answer lists them now."""
        return self.details(vehicle_id, None)[1]["car"]["tags"]

    # Behaviour.

    def plan(self, kind: str) -> Plan:
        """Draw this request's misbehaviour; ``kind`` is ``read`` or ``command``."""
        faults = self.store.faults()
        if faults.scope != "all" and faults.scope != f"{kind}s":
            return Plan()
        delay = faults.latency
        mode = faults.mode
        if mode != "ok" and faults.error_rate < 1.0 and self._random.random() >= faults.error_rate:
            mode = "ok"
        if mode == "slow":
            mode, delay = "ok", delay or SLOW_DEFAULT_LATENCY
        if mode == "timeout":
            delay = math.inf
        return Plan(mode, delay)

    def details(self, car_id: str | None, number: str | None) -> Answer:
        """Answer ``GET /api/taxi/car/details``."""
        if not car_id and not number:
            return 400, _error("bad_request", "car_id or number is required")
        edits = self.store.car_edits()
        scooter = self.fleet.get(car_id) if car_id else self._by_number(number or "", edits)
        if scooter is None:
            return 404, _error("car_not_found", "no such car")
        car = scooter.to_json() | edits.get(scooter.vehicle_id, {})
        car["tags"] = self.tags.current(scooter.vehicle_id, car.get("tags"))
        car["state"] = self.store.state(scooter.vehicle_id).to_json()
        return 200, {"car": car}

    def _by_number(self, number: str, edits: dict[str, dict[str, Any]]) -> Scooter | None:
        """The car painted ``number`` now, its number edited or not."""
        for vehicle_id, fields in edits.items():
            if fields.get("number") == number:
                return self.fleet.get(vehicle_id)
        scooter = self.fleet.by_number(number)
        if scooter is not None and "number" in edits.get(scooter.vehicle_id, {}):
            return None  # renumbered: its old number is nobody's now
        return scooter

    def control(self, body: Any) -> Answer:
        """Answer ``POST /api/taxi/car/control``, applying the command to the shared state."""
        if not isinstance(body, dict):
            return 400, _error("bad_request", "body must be a JSON object")
        car_id, action = body.get("car_id"), body.get("action")
        if not isinstance(car_id, str) or not isinstance(action, str):
            return 400, _error("bad_request", "car_id and action are required")
        if action not in ACTIONS:
            return 400, _error("unknown_action", f"unknown action {action}")
        scooter = self.fleet.get(car_id)
        if scooter is None:
            return 404, _error("car_not_found", "no such car")

        def transition(state: ScooterState) -> tuple[ScooterState, int, dict[str, Any]]:
            return _transition(scooter, action, state, time.time())

        return self.store.apply(scooter.vehicle_id, action, transition)

    def add_tag(self, body: Any) -> Answer:
        """Answer ``POST /api/taxi/car/tag/add``: once per ``request_id`` (a repeat: no change)."""
        fields, problem = _tag_request(body, ("tag", TAG_MAX))
        if problem:
            return problem
        comment = body.get("comment")
        if comment is not None and (not isinstance(comment, str) or len(comment) > COMMENT_MAX):
            return 400, _error("bad_request", f"comment must be text of at most {COMMENT_MAX}")
        if self.fleet.get(fields["car_id"]) is None:
            return 404, _error("car_not_found", "no such car")
        tag_id = self.tags.add(fields["car_id"], fields["request_id"], fields["tag"], comment)
        return 200, _ok({"tag_id": tag_id})

    def remove_tag(self, body: Any) -> Answer:
        """Answer ``POST /api/taxi/car/tag/remove``: removing an absent tag is a success too."""
        fields, problem = _tag_request(body, ("tag_id", REQUEST_ID_MAX))
        if problem:
            return problem
        car_id, tag_id = fields["car_id"], fields["tag_id"]
        if self.fleet.get(car_id) is None:
            return 404, _error("car_not_found", "no such car")
        base = self.fleet.get(car_id).to_json() | self.store.car_edits().get(car_id, {})
        removed = self.tags.remove(car_id, fields["request_id"], tag_id, base.get("tags"))
        return 200, _ok({"removed": removed})


def _tag_request(body: Any, field: tuple[str, int]) -> tuple[dict[str, str], Answer | None]:
    """The text fields of a tag write (car_id, request_id and ``field``), or a 400 answer."""
    if not isinstance(body, dict):
        return {}, (400, _error("bad_request", "body must be a JSON object"))
    limits = {"car_id": 64, "request_id": REQUEST_ID_MAX, field[0]: field[1]}
    fields = {name: body.get(name) for name in limits}
    for name, limit in limits.items():
        value = fields[name]
        if not isinstance(value, str) or not value or len(value) > limit:
            return {}, (400, _error("bad_request", f"{name} must be text of 1-{limit} characters"))
    return fields, None


def _transition(
    scooter: Scooter, action: str, state: ScooterState, now: float
) -> tuple[ScooterState, int, dict[str, Any]]:
    """What ``action`` does to a scooter in ``state``: (new state, status, answer)."""
    if scooter.offline:
        return state, 409, _error("car_offline", "the car is offline (battery flat)")
    if action == "self_test":
        if scooter.battery_percent < SELF_TEST_MIN_BATTERY:
            return state, 409, _error("action_rejected", "battery too low for a self-test")
        findings = [f.to_json() for f in scooter.findings]
        return state, 200, _ok({"passed": not findings, "errors": findings})
    if action == "open_deck":
        if state.deck_open(now):
            return state, 409, _error("action_rejected", "the deck is already open")
        state = replace(state, deck_opened_at=now)
    elif action in ("headlight_on", "headlight_off"):
        state = replace(state, headlight_on=action == "headlight_on")
    elif action == "open_lock":
        state = replace(state, lock_open=True)
    else:
        state = replace(state, wheel_blocked=action == "block_wheel")
    return state, 200, _ok(state.to_json(now))


def _ok(result: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "result": result}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}
