"""The one place each recorded stage passes through, after its transaction committed: an
events feed or notifications hook in here (a release also in `scooter_released`)."""

from __future__ import annotations

from flask import current_app

from app.models import StageEvent


def stage_recorded(event: StageEvent) -> None:
    """A new stage event was recorded (through the API, the tablet, or a release)."""
    current_app.logger.info("scooter %s: %s (%s)", event.vehicle_id, event.stage, event.event_id)


def scooter_released(event: StageEvent, tags_removed: list[str]) -> None:
    """A scooter was released, ready to go out; Drive is being told (`tags_removed`)."""
    current_app.logger.info(
        "scooter %s released at %s; %d broken tag(s) to remove in Drive",
        event.vehicle_id,
        event.place_id,
        len(tags_removed),
    )
