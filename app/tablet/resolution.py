"""Finishing a repair asks, on one screen, which of the scooter's open complaints it resolved:
pre-filled from the jobs linked to them; the rest stay open."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.complaints import records
from app.models import Repair, Status
from app.tablet.screen import finish_blocked_reason
from app.vocabulary import ComplaintStatus

ASKED = "complaints_asked"


def resolution_question(repair: Repair, status: str, form: MultiDict) -> list[tuple]:
    """The open complaints to ask about, each with whether it starts ticked: asked once, when
    a repair that can be completed is completed and the scooter has open complaints."""
    if status != Status.COMPLETED or form.get(ASKED) or finish_blocked_reason(repair):
        return []
    open_ones = [c for c in records.of_vehicle(repair.vehicle_id) if c.is_open]
    links = records.linked_job_pks([c.id for c in open_ones])
    done = {job.id for job in repair.jobs if job.status == Status.COMPLETED}
    return [(complaint, bool(links[complaint.id] & done)) for complaint in open_ones]


def resolve_answered(repair: Repair, status: str, form: MultiDict) -> None:
    """Resolve the complaints ticked on the question (only after a completed repair)."""
    if status == Status.COMPLETED and form.get(ASKED):
        records.close(form.getlist("resolved"), ComplaintStatus.RESOLVED, repair.id)
