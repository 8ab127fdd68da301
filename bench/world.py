"""The fixed part of a generated data set: warehouses, people and the fleet.

The simulator's own scooters come first in the fleet (same vehicle ids and plate numbers), so
that the scooter card, which asks Drive, works on generated data with the built-in simulator.
The rest of the fleet has six-digit plate numbers that the simulator does not know.
"""

from __future__ import annotations

import random
import re
import uuid
from array import array
from dataclasses import dataclass

from app.drive.simulator import generate_fleet
from bench.presets import Preset

# (city, time zone, weight): more warehouses where more scooters ride.
CITIES = [
    ("Москва", "Europe/Moscow", 30),
    ("Санкт-Петербург", "Europe/Moscow", 14),
    ("Казань", "Europe/Moscow", 5),
    ("Нижний Новгород", "Europe/Moscow", 4),
    ("Краснодар", "Europe/Moscow", 5),
    ("Ростов-на-Дону", "Europe/Moscow", 4),
    ("Калининград", "Europe/Kaliningrad", 3),
    ("Самара", "Europe/Samara", 4),
    ("Екатеринбург", "Asia/Yekaterinburg", 6),
    ("Уфа", "Asia/Yekaterinburg", 3),
    ("Омск", "Asia/Omsk", 3),
    ("Новосибирск", "Asia/Novosibirsk", 6),
    ("Красноярск", "Asia/Krasnoyarsk", 4),
    ("Иркутск", "Asia/Irkutsk", 2),
    ("Владивосток", "Asia/Vladivostok", 2),
]
FIRST_NAMES = "Иван Пётр Алексей Дмитрий Сергей Андрей Михаил Никита Артём Олег Игорь Павел"
LAST_NAMES = "Петров Сидоров Смирнов Кузнецов Попов Васильев Соколов Морозов Новиков Волков"
MODELS = {"ninebot_max_g30": 5, "ninebot_max_g2": 3, "xiaomi_pro_2": 2, "okai_es400": 2}
SYNTHETIC_NUMBERS_FROM = 100_000
PLACE_ID, REPAIRER_ID, MANAGER_ID = "wh-{:04d}", "rep-{:05d}", "mgr-{:03d}"
# The ids above, as bench/guard.py recognises the generator's own rows.
GENERATED_PLACE_ID = re.compile(r"wh-\d{4,}")
GENERATED_PERFORMER_ID = re.compile(r"rep-\d{5,}|mgr-\d{3,}")


@dataclass
class World:
    """Warehouses, people and scooters, with what the history generator needs per scooter."""

    places: list[tuple[str, str, str]]  # (place_id, name, timezone)
    repairers: list[tuple[str, str, int]]  # (performer_id, name, home place index)
    managers: list[tuple[str, str]]  # (performer_id, name)
    vehicles: list[tuple[str, str, str, float]]  # (vehicle_id, number, model, mileage now)
    km_per_day: array  # per scooter: how fast its mileage grows

    def pool(self, place: int) -> range:
        """Indexes of the scooters a warehouse repairs: every W-th scooter from `place`."""
        return range(place, len(self.vehicles), len(self.places))


def build_world(preset: Preset, rng: random.Random) -> World:
    """Make the warehouses, repairers, managers and scooters of `preset`."""
    weights = [w for _c, _z, w in CITIES]
    places = []
    for i in range(preset.warehouses):
        city, zone, _w = CITIES[0] if i == 0 else rng.choices(CITIES, weights)[0]
        places.append((PLACE_ID.format(i + 1), f"{city}, склад {i + 1}", zone))
    first, last = FIRST_NAMES.split(), LAST_NAMES.split()

    def name() -> str:
        return f"{rng.choice(first)} {rng.choice(last)}"

    repairers = [
        (REPAIRER_ID.format(i + 1), name(), i % preset.warehouses) for i in range(preset.repairers)
    ]
    managers = [(MANAGER_ID.format(i + 1), name()) for i in range(preset.managers)]
    vehicles, km_per_day = _fleet(preset, rng)
    return World(places, repairers, managers, vehicles, km_per_day)


def _fleet(preset: Preset, rng: random.Random) -> tuple[list, array]:
    known = generate_fleet().scooters[: preset.scooters]
    vehicles = [(s.vehicle_id, s.number, s.model, s.mileage_km) for s in known]
    models, model_weights = list(MODELS), list(MODELS.values())
    for n in range(preset.scooters - len(vehicles)):
        vehicle_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        model = rng.choices(models, model_weights)[0]
        number = str(SYNTHETIC_NUMBERS_FROM + n)
        vehicles.append((vehicle_id, number, model, round(rng.uniform(300, 15_000), 1)))
    # Two years back each scooter had ridden 10-70% less than now: mileage grows steadily.
    rates = array("d", (v[3] * rng.uniform(0.1, 0.7) / preset.days for v in vehicles))
    return vehicles, rates
