"""The data model: places, users, API tokens, shifts, repairs, jobs and job types."""

from app.models.places import Place
from app.models.repairs import ACTIVE, TERMINAL_STATUSES, Job, JobType, Repair, Status
from app.models.shifts import Shift
from app.models.users import ApiToken, Role, User

__all__ = [
    "ACTIVE",
    "TERMINAL_STATUSES",
    "ApiToken",
    "Job",
    "JobType",
    "Place",
    "Repair",
    "Role",
    "Shift",
    "Status",
    "User",
]
