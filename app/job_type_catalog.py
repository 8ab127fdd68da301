"""The job types every tablet page lists, read once per worker and kept for a short while.

The repair screen and the scooter card name every job type; reading the small `job_types`
table on each page cost two statements of the screen's nine. Managers rarely change it: an
edit made through this worker is seen at once, one made through another worker within
JOB_TYPES_MAX_AGE_SECONDS (default 30). Whether a type may be started is never taken from
here: starting a job checks the table itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import JobType
from app.models.repairs import JobTypeName

_KEY = "job_type_catalog"


@dataclass(frozen=True)
class CatalogEntry(JobTypeName):
    code: str
    name_ru: str
    name_en: str
    active: bool


def entries() -> list[CatalogEntry]:
    """Every job type, retired ones too, in the order managers set."""
    cached = current_app.extensions.get(_KEY)
    max_age = current_app.config["JOB_TYPES_MAX_AGE_SECONDS"]
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    rows = db.session.execute(
        select(JobType.code, JobType.name_ru, JobType.name_en, JobType.active).order_by(
            JobType.position, JobType.code
        )
    )
    fresh = [CatalogEntry(*row) for row in rows]
    current_app.extensions[_KEY] = (time.monotonic(), fresh)
    return fresh


def forget() -> None:
    """Read the table again next time (after an edit)."""
    current_app.extensions.pop(_KEY, None)
