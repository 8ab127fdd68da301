"""The one place each moment of a complaint's life passes through, after its transaction
committed: an events feed, notifications or metrics hook in here, nowhere else."""

from __future__ import annotations

from flask import current_app

from app.models import Complaint


def complaint_filed(complaint: Complaint) -> None:
    """A new complaint was recorded (filed through the API or the tablet, or imported)."""
    current_app.logger.info(
        "complaint %s filed on %s (%s)",
        complaint.complaint_id,
        complaint.vehicle_id,
        complaint.source,
    )


def complaint_closed(complaint: Complaint) -> None:
    """A complaint was resolved by a repair, or rejected."""
    current_app.logger.info(
        "complaint %s %s on %s", complaint.complaint_id, complaint.status, complaint.vehicle_id
    )
