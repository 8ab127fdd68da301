"""The data model: places, users, API tokens, shifts, repairs, jobs and job types;
precomputed statistics."""

from app.models.control import ABANDONED, ControlCommand, Outcome
from app.models.events import Event
from app.models.missions import Mission, MissionPoint
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
    "ControlCommand",
    "Event",
    "Job",
    "Outcome",
    "JobType",
    "Mission",
    "MissionPoint",
    "Place",
    "Repair",
    "Role",
    "Shift",
    "Status",
    "StatsSnapshot",
    "User",
    "Vehicle",
]
