"""The list of job types, so clients know which codes they may start."""

from __future__ import annotations

from sqlalchemy import select

from app.api import bp, params
from app.extensions import db
from app.models import JobType


@bp.get("/job-types")
def job_types():
    """Every job type, active and retired, in the managers' order."""
    params.read()
    rows = db.session.scalars(select(JobType).order_by(JobType.position, JobType.code))
    return {
        "job_types": [
            {
                "code": t.code,
                "name": t.name_ru,
                "name_ru": t.name_ru,
                "name_en": t.name_en,
                "active": t.active,
            }
            for t in rows
        ]
    }
