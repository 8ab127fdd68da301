"""`python -m bench.explain_history URL`: the plan of every manager-history filter combination.

For each of the 64 combinations of the history page's filters (period, warehouse, repairer,
job type, status, scooter), on a generated PostgreSQL database, it runs the page's own query
(`app.manager.history.queries`) in the page's own session (`history_session`) under
`EXPLAIN (ANALYZE, BUFFERS)` for page 1 and, where the combination has that many rows, for
page 1,000 (the keyset cursor of row 49,950), and prints one line per plan: time, buffers,
and whether it read a table whole (Seq Scan) or sorted more than a page. `--plans` prints
the plans themselves.
"""

from __future__ import annotations

import argparse
import itertools
import re
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.manager.filters import HistoryFilters
from app.manager.history.queries import PAGE_SIZE, _base_query
from app.manager.periods import Period
from app.manager.sql import history_session
from app.models import Repair, Vehicle
from app.web.cursors import Cursor, older_than

DEEP_ROW = 999 * PAGE_SIZE  # the first row of page 1,000


def values(status: str) -> dict[str, str | Period]:
    """A real value for each filter, from the data set: its first warehouse and a repairer of it,
    a plate, a common job type, `status`; the last 30 days."""
    plate = db.session.scalar(select(Vehicle.number).order_by(Vehicle.vehicle_id).limit(1))
    newest = db.session.scalar(select(func.max(Repair.started_at)))
    last = newest.date()
    place = db.session.scalar(select(func.min(Repair.place_id)))
    return {
        "period": Period(last - timedelta(days=29), last),
        "place_id": place,
        "performer_id": db.session.scalar(  # one of its repairers, as a manager would pick
            select(func.min(Repair.performer_id)).where(Repair.place_id == place)
        ),
        "job_type": "brake_cable",
        "status": status,
        "scooter": plate,
    }


def explain(query) -> tuple[str, list[str]]:
    """The plan as the page runs it: in its session (`history_session`)."""
    compiled = query.compile(dialect=db.engine.dialect)
    history_session()
    explained = "EXPLAIN (ANALYZE, BUFFERS) " + str(compiled)
    lines = [row[0] for row in db.session.connection().exec_driver_sql(explained, compiled.params)]
    db.session.rollback()
    return "\n".join(lines), lines


def verdict(plan: str) -> str:
    """What matters in a plan: a whole table read, a sort of more than a page."""
    notes = []
    for table in re.findall(r"Seq Scan on (\w+)", plan):
        if table not in ("places", "job_types", "users"):  # a few hundred rows, hashed
            notes.append(f"SEQ SCAN {table}")
    for rows in re.findall(r"Sort  \(cost.*actual time=\S+ rows=(\d+) loops", plan):
        if int(rows) > PAGE_SIZE + 1:
            notes.append(f"SORT {rows} rows")
    return ", ".join(notes) or "index"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--plans", action="store_true", help="print every plan")
    parser.add_argument("--status", default="completed", help="the status filter's value")
    parser.add_argument("--only", default="", help="comma-separated filter names: one combination")
    args = parser.parse_args()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": secrets.token_hex(8)}
    )
    with app.app_context():
        chosen = values(args.status)
        names = list(chosen)
        combos = (
            [tuple(args.only.split(","))]
            if args.only
            else [c for n in range(len(names) + 1) for c in itertools.combinations(names, n)]
        )
        for combo in combos:
            filters = HistoryFilters(**{name: chosen[name] for name in combo})
            base = _base_query(filters)
            order = (Repair.started_at.desc(), Repair.id.desc())
            first = base.order_by(*order).limit(PAGE_SIZE + 1)
            row = db.session.execute(base.order_by(*order).offset(DEEP_ROW - 1).limit(1)).first()
            pages = [("1", first)]
            if row is not None:
                key = Cursor(row.started_at, row.id)
                deep = base.where(older_than(key, Repair.started_at, Repair.id))
                pages.append(("1000", deep.order_by(*order).limit(PAGE_SIZE + 1)))
            for page, query in pages:
                plan, lines = explain(query)
                took = re.search(r"Execution Time: ([\d.]+)", plan).group(1)
                hit = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
                buffers = sum(int(x or 0) for x in hit.groups()) if hit else 0
                label = "+".join(combo) or "(none)"
                print(
                    f"{label:55} p{page:5} {float(took):9.1f} ms {buffers:8} buf  {verdict(plan)}"
                )
                if args.plans:
                    print(plan, "\n")
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
