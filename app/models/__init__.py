"""The data model: places, users, API tokens, shifts, repairs, jobs and job types;
complaints and scooter stages; the Drive outbox;
precomputed statistics; where each batched data migration stands."""

from app.models.complaints import Complaint, ComplaintJob, StageEvent
from app.models.control import ABANDONED, ControlCommand, Outcome
from app.models.data_migrations import DataMigration
from app.models.events import Event
from app.models.missions import Mission, MissionPoint
from app.models.outbox import OutboxAttempt, OutboxEntry
from app.models.places import Place
from app.models.repairs import ACTIVE, TERMINAL_STATUSES, Job, JobType, Repair, Status
from app.models.shifts import Shift
from app.models.stats import StatsSnapshot
from app.models.users import ApiToken, Role, User
from app.models.vehicles import Vehicle

__all__ = [
    "ABANDONED",
    "ACTIVE",
    "TERMINAL_STATUSES",
    "ApiToken",
    "Complaint",
    "ComplaintJob",
    "ControlCommand",
    "DataMigration",
    "Event",
    "Job",
    "Outcome",
    "OutboxAttempt",
    "OutboxEntry",
    "JobType",
    "Mission",
    "MissionPoint",
    "Place",
    "Repair",
    "Role",
    "Shift",
    "StageEvent",
    "Status",
    "StatsSnapshot",
    "User",
    "Vehicle",
]
