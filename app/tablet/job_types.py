"""Job types as the tablet shows them: active ones in managers' order, in the user's language."""

from __future__ import annotations

from app import job_type_catalog
from app.i18n import current_language


def active_job_types() -> list[tuple[str, str]]:
    """(code, name) of the active job types, in the order managers set."""
    language = current_language()
    return [(t.code, t.name(language)) for t in job_type_catalog.entries() if t.active]


def job_type_names() -> dict[str, str]:
    """Every job type's name by code, retired ones too (history still shows them)."""
    language = current_language()
    return {t.code: t.name(language) for t in job_type_catalog.entries()}
