"""The audit log of control commands: filters, newest first, keyset pages, CSV export."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.admin import bp
from app.admin.audit_export import csv_filename, csv_header, csv_rows
from app.admin.audit_log import AuditFilter, Cursor, audit_page
from app.admin.forms import AuditFilterForm
from app.csv_excel import csv_response
from app.extensions import db
from app.models import User
from app.vocabulary import Command, Outcome

# The outcome filter's order: settled outcomes first, the few entries in flight last.
OUTCOME_CHOICES = sorted(Outcome, key=lambda outcome: outcome == Outcome.PENDING)


def _filter_form() -> tuple[AuditFilterForm, AuditFilter | None]:
    """The filter form over the query string, and the filter it asks for (None if invalid)."""
    form = AuditFilterForm(request.args)
    users = db.session.execute(select(User.performer_id, User.name).order_by(User.name))
    everything = [SelectChoice("", _l("All"))]
    performers = [SelectChoice(pid, f"{name} ({pid})") for pid, name in users]
    form.performer_id.choices = everything + performers
    form.action.choices = everything + [SelectChoice(c.value, c.label) for c in Command]
    form.outcome.choices = everything + [SelectChoice(o.value, o.label) for o in OUTCOME_CHOICES]
    if not form.validate():
        return form, None
    data = form.data
    filters = AuditFilter(
        data["scooter"] or None,
        data["performer_id"] or None,
        data["action"] or None,
        data["outcome"] or None,
        data["date_from"],
        data["date_to"],
    )
    return form, filters


@bp.get("/audit")
def audit():
    """The audit log, newest first, a page at a time; `after` is the last entry seen."""
    form, filters = _filter_form()
    page = audit_page(filters, Cursor.decode(request.args.get("after"))) if filters else None
    query = {k: v for k, v in request.args.items() if k != "after" and v}
    html = render_template("admin/audit.html", form=form, page=page, query=query)
    return html, 200 if filters else 400


@bp.get("/audit.csv")
def audit_csv():
    """Every entry the filters select, as a CSV file Excel opens with Russian text intact."""
    form, filters = _filter_form()
    if filters is None:
        return audit()
    return csv_response(csv_filename(), csv_header(), csv_rows(filters))
