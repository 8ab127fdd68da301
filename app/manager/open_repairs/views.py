"""The open-repairs page, and ending from it a repair a repairer forgot to finish."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import ServiceError
from app.manager import bp
from app.manager.open_repairs.queries import end_forgotten_repair, open_repairs
from app.web.htmx import back_with_error, fragment, is_htmx
from app.web.messages import message_for


@bp.get("/open-repairs", endpoint="open_repairs")
def open_repairs_page():
    """Every repair performing now, oldest first, each with a form to end it."""
    return render_template("manager/open_repairs.html", repairs=open_repairs())


@bp.post("/open-repairs/<repair_id>/end")
def end_repair(repair_id: str):
    """End a forgotten repair as failed or cancelled, with a comment."""
    form = request.form
    try:
        repair = end_forgotten_repair(repair_id, form.get("status", ""), form.get("comment", ""))
    except ServiceError as error:
        if is_htmx():
            return _list_fragment(error.status, error=message_for(error), failed_id=repair_id)
        return back_with_error(error, url_for("manager.open_repairs"))
    message = _(
        "Repair of %(who)s ended; the repairer and the scooter are free.", who=repair.performer.name
    )
    if is_htmx():
        return _list_fragment(notice=message)
    flash(message, "info")
    return redirect(url_for("manager.open_repairs"), 303)


def _list_fragment(status: int = 200, **messages):
    """The open-repairs list alone, for htmx to swap in place (with a notice or an error)."""
    return fragment("manager/_open_repairs.html", status=status, repairs=open_repairs(), **messages)
