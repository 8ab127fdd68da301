"""The simulator's demo fleet, generated deterministically from a fixed seed.

Only this immutable description lives here; the mutable state of each scooter (deck, headlight,
lock, wheel) lives in the state store so that every worker process sees the same thing.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

FLEET_SEED = 20261126
FLEET_SIZE = 300
TAG_NAMESPACE = uuid.UUID("5b0d2f4e-7a51-4c1e-9a57-0d3c6e1f2a14")


@dataclass(frozen=True)
class Finding:
    """An error the scooter's self-test reports."""

    code: str
    block: str
    message: str

    def to_json(self) -> dict[str, str]:
        """The finding as Drive's self-test lists it."""
        return {"code": self.code, "block": self.block, "message": self.message}


@dataclass(frozen=True)
class Tag:
    """A Drive tag; ``broken`` tags carry the finding behind the complaint, if electronic."""

    tag: str
    comment: str | None
    created_at: datetime
    finding: Finding | None = None
    tag_id: str | None = None  # None: derived from the scooter and the tag's place (`ids`)

    def to_json(self, tag_id: str) -> dict[str, Any]:
        """The tag as Drive reports it, under ``tag_id``."""
        stamp = self.created_at.isoformat(timespec="seconds").replace("+00:00", "Z")
        return {"tag_id": tag_id, "tag": self.tag, "comment": self.comment, "created_at": stamp}


@dataclass(frozen=True)
class Scooter:
    """The fixed description of one demo scooter."""

    vehicle_id: str
    number: str
    model: str
    mileage_km: float
    battery_percent: int
    firmware: dict[str, str]
    tags: tuple[Tag, ...] = field(default_factory=tuple)

    @property
    def offline(self) -> bool:
        """A flat battery means the scooter's IoT module cannot be reached."""
        return self.battery_percent == 0

    @property
    def findings(self) -> list[Finding]:
        """What a self-test finds: the electronic faults behind its complaints."""
        return [t.finding for t in self.tags if t.finding is not None]

    def tag_ids(self) -> list[str]:
        """Each tag's stable id: its own, else one derived from the scooter, the tag's place
        in the fixed list and its text (never its date, which moves with "today")."""
        return [
            t.tag_id or str(uuid.uuid5(TAG_NAMESPACE, f"{self.vehicle_id}/{i}/{t.tag}/{t.comment}"))
            for i, t in enumerate(self.tags)
        ]

    def to_json(self) -> dict[str, Any]:
        """The car object of Drive's details answer (without mutable state)."""
        return {
            "id": self.vehicle_id,
            "number": self.number,
            "model": self.model,
            "mileage_km": self.mileage_km,
            "battery_percent": self.battery_percent,
            "firmware": dict(self.firmware),
            "tags": [t.to_json(i) for t, i in zip(self.tags, self.tag_ids(), strict=True)],
            "online": not self.offline,
            "offline_reason": "battery_flat" if self.offline else None,
        }


FIRMWARE: dict[str, dict[str, tuple[str, ...]]] = {
    "ninebot_max_g30": {
        "ecu": ("1.7.3", "1.7.5", "1.8.0"),
        "bms": ("1.4.0", "1.4.2"),
        "iot": ("2.12.1", "2.13.0"),
        "dashboard": ("0.9.8", "1.0.1"),
    },
    "ninebot_max_g2": {
        "ecu": ("2.1.0", "2.1.4"),
        "bms": ("1.6.1", "1.6.3"),
        "iot": ("2.13.0", "2.14.2"),
        "dashboard": ("1.2.0",),
    },
    "xiaomi_pro_2": {"ecu": ("3.0.1", "3.0.3"), "bms": ("1.3.9",), "iot": ("1.9.4", "2.0.0")},
    "okai_es400": {
        "ecu": ("5.2.7", "5.3.0"),
        "bms": ("2.0.4", "2.1.0"),
        "iot": ("3.1.2", "3.2.0"),
        "dashboard": ("1.1.5",),
    },
}
MODEL_WEIGHTS = {"ninebot_max_g30": 5, "ninebot_max_g2": 3, "xiaomi_pro_2": 2, "okai_es400": 2}

# Complaints as support writes them, with the self-test finding behind the electronic ones.
ELECTRIC: tuple[tuple[str, Finding], ...] = (
    ("не горит фара", Finding("E21", "ecu", "Headlight circuit open")),
    (
        "не работает задний тормоз, жалоба пользователя",
        Finding("E15", "ecu", "Rear brake lever sensor: no signal"),
    ),
    ("не горит стоп-сигнал", Finding("E22", "ecu", "Tail light circuit open")),
    ("батарея быстро садится", Finding("E40", "bms", "Battery cell voltage imbalance")),
    ("не заряжается", Finding("E42", "bms", "Charging circuit fault")),
    ("не включается дисплей", Finding("E28", "dashboard", "Dashboard not responding")),
    ("не открывается замок", Finding("E54", "iot", "Lock actuator timeout")),
    ("мотор дёргается при разгоне", Finding("E10", "ecu", "Motor hall sensor fault")),
)
MECHANICAL: tuple[str, ...] = (
    "люфт руля",
    "сломана подножка",
    "скрипит переднее крыло",
    "спущено заднее колесо",
    "треснуло заднее крыло",
    "стёрлась ручка газа",
    "нет отражателя на руле",
    "болтается вынос руля",
)


def complaint(comment: str, created_at: datetime) -> Tag:
    """A ``broken`` tag for ``comment``, carrying its finding when the comment is electronic."""
    finding = next((f for text, f in ELECTRIC if text == comment), None)
    return Tag("broken", comment, created_at, finding)


class Fleet:
    """The demo fleet with lookups by id and by number."""

    def __init__(self, scooters: list[Scooter]) -> None:
        """Index ``scooters``."""
        self.scooters = scooters
        self._by_id = {s.vehicle_id: s for s in scooters}
        self._by_number = {s.number: s for s in scooters}

    def __len__(self) -> int:
        return len(self.scooters)

    def get(self, vehicle_id: str) -> Scooter | None:
        """The scooter with this id, or None."""
        return self._by_id.get(vehicle_id)

    def by_number(self, number: str) -> Scooter | None:
        """The scooter with this painted number, or None."""
        return self._by_number.get(number)


@lru_cache(maxsize=4)
def generate_fleet(seed: int = FLEET_SEED, size: int = FLEET_SIZE) -> Fleet:
    """Build the same fleet for the same seed (complaint dates are relative to today, UTC)."""
    rng = random.Random(seed)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    numbers = [n for n in rng.sample(range(1, 1000), size + 4) if n not in (421, 7, 13, 100)]
    scooters = _showcase(rng, today)
    for n in numbers[: size - len(scooters)]:
        scooters.append(_random_scooter(rng, today, f"{n:04d}"))
    return Fleet(scooters)


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _firmware(rng: random.Random, model: str) -> dict[str, str]:
    return {block: rng.choice(versions) for block, versions in FIRMWARE[model].items()}


def _showcase(rng: random.Random, today: datetime) -> list[Scooter]:
    """A few recognisable scooters for demos and tests."""
    ago = today - timedelta(days=3, hours=-8)
    return [
        Scooter(
            _new_id(rng),
            "0421",
            "ninebot_max_g30",
            1834.2,
            64,
            {"ecu": "1.7.3", "bms": "1.4.0", "iot": "2.12.1", "dashboard": "0.9.8"},
            (
                complaint("не работает задний тормоз, жалоба пользователя", ago),
                complaint("не горит фара", ago - timedelta(days=6)),
            ),
        ),
        Scooter(
            _new_id(rng),
            "0007",
            "xiaomi_pro_2",
            4120.7,
            88,
            _firmware(rng, "xiaomi_pro_2"),
            (complaint("люфт руля", ago - timedelta(days=1)),),
        ),
        Scooter(_new_id(rng), "0013", "okai_es400", 2290.4, 0, _firmware(rng, "okai_es400")),
        Scooter(
            _new_id(rng),
            "0100",
            "ninebot_max_g2",
            612.9,
            8,
            _firmware(rng, "ninebot_max_g2"),
            (Tag("low_battery", None, ago),),
        ),
    ]


def _random_scooter(rng: random.Random, today: datetime, number: str) -> Scooter:
    model = rng.choices(list(MODEL_WEIGHTS), weights=list(MODEL_WEIGHTS.values()))[0]
    battery = 0 if rng.random() < 0.01 else rng.randint(5, 100)
    tags: list[Tag] = []
    if rng.random() < 0.2:
        electric = [c for c in ELECTRIC if c[1].block in FIRMWARE[model]]
        pool = [c[0] for c in electric] + list(MECHANICAL)
        for comment in rng.sample(pool, rng.randint(1, 3)):
            created = today - timedelta(days=rng.randint(0, 27), minutes=rng.randint(60, 1380))
            tags.append(complaint(comment, created))
    if battery < 20:
        tags.append(Tag("low_battery", None, today - timedelta(minutes=rng.randint(10, 600))))
    if rng.random() < 0.05:
        tags.append(Tag("needs_cleaning", "сильно загрязнён", today - timedelta(days=1)))
    return Scooter(
        _new_id(rng),
        number,
        model,
        round(rng.uniform(50, 6000), 1),
        battery,
        _firmware(rng, model),
        tuple(tags),
    )
