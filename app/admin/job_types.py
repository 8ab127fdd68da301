"""Job types: list, add, rename, reorder, retire and restore; no deploy needed for any of it."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from app.admin import bp, services
from app.admin.forms import JobTypeEditForm, JobTypeForm
from app.admin.responses import FORM_ERROR_STATUS, done, show_refusal
from app.admin.services import Refused
from app.extensions import db
from app.models import JobType


def _list_page(form: JobTypeForm, status: int = 200, errors: list[str] | None = None):
    page = render_template(
        "admin/job_types.html", form=form, job_types=services.job_types(), errors=errors
    )
    return page, status


def _edit_page(job_type: JobType, form: JobTypeEditForm, status: int = 200, errors=None):
    page = render_template("admin/job_type.html", job_type=job_type, form=form, errors=errors)
    return page, status


@bp.get("/job-types")
def job_types():
    """Every job type in the tablet's order, with the form to add one."""
    return _list_page(JobTypeForm())


@bp.post("/job-types")
def add_job_type():
    """Add a job type; it shows on the tablet and in the API at once."""
    form = JobTypeForm()
    if not form.validate_on_submit():
        return _list_page(form, FORM_ERROR_STATUS)
    try:
        services.add_job_type(form.code.data, form.name_ru.data, form.name_en.data)
    except Refused as refusal:
        return _list_page(form, refusal.status, show_refusal(form, refusal))
    return done(_("Job type %(code)s added.", code=form.code.data), "admin.job_types")


@bp.get("/job-types/<code>")
def job_type(code: str):
    """A job type's rename page."""
    job_type = db.get_or_404(JobType, code)
    return _edit_page(job_type, JobTypeEditForm(obj=job_type))


@bp.post("/job-types/<code>")
def rename_job_type(code: str):
    """Save a job type's Russian and English names."""
    job_type = db.get_or_404(JobType, code)
    form = JobTypeEditForm()
    if not form.validate_on_submit():
        return _edit_page(job_type, form, FORM_ERROR_STATUS)
    try:
        services.rename_job_type(code, form.name_ru.data, form.name_en.data)
    except Refused as refusal:
        return _edit_page(job_type, form, refusal.status, show_refusal(form, refusal))
    return done(_("Job type %(code)s renamed.", code=code), "admin.job_types")


@bp.post("/job-types/<code>/move")
def move_job_type(code: str):
    """Move a job type one place up or down the tablet's list."""
    offset = -1 if request.form.get("direction") == "up" else 1
    services.move_job_type(code, offset)
    return done(_("Job type %(code)s moved.", code=code), "admin.job_types")


@bp.post("/job-types/<code>/retire")
def retire_job_type(code: str):
    """Retire a job type: gone from the tablet, still shown in past repairs."""
    services.set_job_type_active(code, False)
    return done(_("Job type %(code)s retired.", code=code), "admin.job_types")


@bp.post("/job-types/<code>/restore")
def restore_job_type(code: str):
    """Put a retired job type back on the tablet."""
    services.set_job_type_active(code, True)
    return done(_("Job type %(code)s restored.", code=code), "admin.job_types")
