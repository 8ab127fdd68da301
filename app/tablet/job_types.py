"""Job types as the tablet shows them: active ones in managers' order, in the user's language."""

from __future__ import annotations

from flask_babel import get_locale

from app import job_type_catalog


def _language() -> str:
    return str(get_locale() or "ru")[:2]


def active_job_types() -> list[tuple[str, str]]:
    """(code, name) of the active job types, in the order managers set."""
    language = _language()
    return [(t.code, t.name(language)) for t in job_type_catalog.entries() if t.active]


def job_type_names() -> dict[str, str]:
    """Every job type's name by code, retired ones too (history still shows them)."""
    language = _language()
    return {t.code: t.name(language) for t in job_type_catalog.entries()}
