"""Job types as the tablet shows them: active ones in managers' order, in the user's language."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from app.extensions import db
from app.models import JobType


def _language() -> str:
    return str(get_locale() or "ru")[:2]


def active_job_types() -> list[tuple[str, str]]:
    """(code, name) of the active job types, in the order managers set."""
    query = select(JobType).where(JobType.active).order_by(JobType.position, JobType.code)
    return [(jt.code, jt.name(_language())) for jt in db.session.scalars(query)]


def job_type_names() -> dict[str, str]:
    """Every job type's name by code, retired ones too (history still shows them)."""
    return {jt.code: jt.name(_language()) for jt in db.session.scalars(select(JobType))}
