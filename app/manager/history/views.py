"""The history page: all repairs with filters, a page at a time; exportable as CSV."""

from __future__ import annotations

from flask import flash, render_template, request, url_for

from app.clock import utcnow
from app.csv_excel import csv_response
from app.manager import bp
from app.manager.choices import filter_choices, people_like
from app.manager.filters import HistoryFilters, history_filters
from app.manager.history.export import history_header, history_line
from app.manager.history.queries import fetch_page, iter_rows
from app.web.cursors import Cursor


def page_with_links(filters: HistoryFilters, **view_args) -> dict:
    """The page the query string asks for, and the links to the pages around it."""
    args = request.args
    page = fetch_page(filters, Cursor.decode(args.get("after")), Cursor.decode(args.get("before")))

    def link(**cursor) -> str:
        return url_for(request.endpoint, **view_args, **filters.query_args(**cursor))

    pager = {
        "newest": link(),
        "newer": link(before=page.previous.encode()) if page.previous else None,
        "older": link(after=page.next.encode()) if page.next else None,
    }
    return {"page": page, "pager": pager}


@bp.get("/history")
def history():
    """Repairs, newest first, filtered by date, warehouse, repairer, job type, status, scooter."""
    filters = history_filters(request.args)
    for problem in filters.problems:
        flash(problem, "warning")
    choices = filter_choices(filters.performer_id)
    return render_template(
        "manager/history.html", filters=filters, choices=choices, **page_with_links(filters)
    )


@bp.get("/people")
def people():
    """Suggestions for the repairer filter (htmx): <option>s of the people matching the text."""
    found = people_like(request.args.get("performer", ""))
    return render_template("manager/_people_options.html", people=found)


@bp.get("/history.csv")
def history_csv():
    """The filtered history, every page of it, as CSV."""
    filters = history_filters(request.args)
    name = f"repairs-{utcnow():%Y%m%d-%H%M}.csv"
    return csv_response(name, history_header(filters), map(history_line, iter_rows(filters)))
