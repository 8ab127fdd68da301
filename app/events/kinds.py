"""Every kind of event the feed carries, listed once.

Adding a kind is one line here (the OpenAPI enum and docs/API.md's list read from it; the
database stores any kind, no migration needed), then a `record(EventKind.X, ...)` call in the
write it describes.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """An event's kind: `<subject>.<what happened>`."""

    REPAIR_STARTED = "repair.started"
    REPAIR_ENDED = "repair.ended"  # data: status, comment
    JOB_STARTED = "job.started"  # data: type
    JOB_ENDED = "job.ended"  # data: type, status, comment
    COMMAND_SENT = "command.sent"  # data: audit_id, action, channel
    COMMAND_SETTLED = "command.settled"  # data: audit_id, action, outcome, error
    MISSION_CREATED = "mission.created"  # data: mission_id, points
    MISSION_POINT_ENDED = "mission.point_ended"  # data: mission_id, position, status
    MISSION_CONFIRMED = "mission.confirmed"  # data: mission_id
    COMPLAINT_FILED = "complaint.filed"  # data: complaint_id, source, text
    COMPLAINT_RESOLVED = "complaint.resolved"  # data: complaint_id
    COMPLAINT_REJECTED = "complaint.rejected"  # data: complaint_id
    SCOOTER_STAGE = "scooter.stage"  # data: event_id, stage, place_id, reason
    SCOOTER_RELEASED = "scooter.released"  # data: event_id, place_id
