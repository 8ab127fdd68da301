"""The feed's events of complaints (app/events): filed, resolved, rejected. Each is recorded
in the transaction of the write it describes."""

from __future__ import annotations

from app.events.kinds import EventKind
from app.events.record import record
from app.models import Complaint
from app.vocabulary import ComplaintStatus


def complaint_filed(complaint: Complaint) -> None:
    """`complaint.filed`: filed through the API or the tablet, or imported from a Drive tag."""
    record(
        EventKind.COMPLAINT_FILED,
        vehicle_id=complaint.vehicle_id,
        data={
            "complaint_id": complaint.complaint_id,
            "source": complaint.source,
            "text": complaint.text,
        },
    )


def complaint_closed(complaint: Complaint, repair_id: str | None) -> None:
    """`complaint.resolved` or `complaint.rejected`."""
    resolved = complaint.status == ComplaintStatus.RESOLVED
    record(
        EventKind.COMPLAINT_RESOLVED if resolved else EventKind.COMPLAINT_REJECTED,
        vehicle_id=complaint.vehicle_id,
        repair_id=repair_id,
        data={"complaint_id": complaint.complaint_id},
    )
