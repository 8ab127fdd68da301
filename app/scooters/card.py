"""The scooter card: Drive's live data and our repair records, whatever state Drive is in."""

from __future__ import annotations

from dataclasses import dataclass

from app.drive import Car, DriveError, DriveNotFound
from app.errors import NotFound, ServiceError
from app.mileage import last_known_reading, read_car_and_remember
from app.models import Repair, Status, Vehicle
from app.scooters import history, vehicles


@dataclass(frozen=True)
class ScooterCard:
    """Everything the card shows; `car` is None and `drive_error` set when Drive failed."""

    vehicle_id: str
    number: str | None
    car: Car | None
    drive_error: DriveError | None
    active_repair: Repair | history.HistoryRepair | None
    last_repair: history.LastRepair | None
    drive_pending: bool = False  # built from our records alone; Drive is asked afterwards

    @property
    def drive_ok(self) -> bool:
        return self.drive_error is None


class DriveLookupFailed(ServiceError):
    """A plate number cannot be resolved while Drive is failing and we never saw it."""

    status = 503
    code = "drive_unavailable"


def scooter_card(vehicle_id: str | None = None, number: str | None = None) -> ScooterCard:
    """Build the card by vehicle id or plate number; 404 when Drive says there is no such car.

    Drive's answer is kept as `read_car_and_remember` keeps it (it may write).
    """
    reading, car, error = None, None, None
    try:
        reading = read_car_and_remember(vehicle_id, number=None if vehicle_id else number)
        car = reading.car
    except DriveNotFound:
        raise NotFound("No such vehicle.", vehicle_id=vehicle_id, number=number) from None
    except DriveError as failure:
        error = failure
    if car is not None:
        vehicle_id, number = car.vehicle_id, car.number
    elif vehicle_id is None:
        vehicle_id = vehicles.known_vehicle_id(number)
        if vehicle_id is None:
            raise DriveLookupFailed(
                "Drive is not answering and this number has not been seen before.",
                number=number,
                drive_error=error.read_error_kind,
            )
    else:
        number = vehicles.known_number(vehicle_id)
    return ScooterCard(
        vehicle_id=vehicle_id,
        number=number,
        car=car,
        drive_error=error,
        active_repair=history.active_repair(vehicle_id),
        last_repair=history.last_repair(vehicle_id, reading.mileage if reading else None),
    )


def stored_card(known: Vehicle, recent: list[history.HistoryRepair], limit: int) -> ScooterCard:
    """The card from our own records only, for a scooter Drive told us about before.

    The page shows it at once; Drive's live part (state, complaints, firmware) follows in a
    second request, so a slow or failing Drive never holds up the repairer.
    """
    return ScooterCard(
        vehicle_id=known.vehicle_id,
        number=known.number,
        car=None,
        drive_error=None,
        # A scooter has at most one performing repair, and it is the one started last.
        active_repair=recent[0] if recent and recent[0].status == Status.PERFORMING else None,
        last_repair=history.last_repair(
            known.vehicle_id,
            last_known_reading(known),  # the page says "last known"
            recent,
            limit,
        ),
        drive_pending=True,
    )


def vehicle_id_by_number(number: str) -> str:
    """Drive's vehicle id for a plate number: ours when we have seen the number, else Drive's.

    404 when Drive says there is no such number; 503 when Drive fails and we never saw it.
    """
    known = vehicles.known_vehicle_id(number)
    if known is not None:
        return known
    try:
        car = read_car_and_remember(None, number=number).car
    except DriveNotFound:
        raise NotFound("No such vehicle.", number=number) from None
    except DriveError as failure:
        raise DriveLookupFailed(
            "Drive is not answering and this number has not been seen before.",
            number=number,
            drive_error=failure.read_error_kind,
        ) from None
    return car.vehicle_id
