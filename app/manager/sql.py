"""SQL building blocks that read the same on SQLite and PostgreSQL.

Five things differ between the two databases and are wrapped here, once:
- the number of seconds between two timestamps (`seconds_between`);
- the date of a timestamp shifted by a number of minutes (`shifted_date`);
- a small constant table made from Python values (`constant_table`);
- percentiles, which PostgreSQL has (percentile_cont) and SQLite has not: `percentiles` computes
  them with window functions, exactly as percentile_cont does, on both;
- PostgreSQL's JIT, which costs seconds on these statements (`statistics_session`);
- PostgreSQL's parallel plans, which lure a history page off its index (`history_session`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    Integer,
    case,
    cast,
    func,
    literal,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, Subquery
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

from app.database import begin_postgresql_transaction
from app.extensions import db


class seconds_between(FunctionElement):  # noqa: N801 - reads as a SQL function
    """`seconds_between(start, end)`: end minus start in seconds (a float), to the millisecond.

    PostgreSQL: EXTRACT(EPOCH FROM end - start). SQLite has no interval type; julianday()
    differences lose about a millisecond at today's dates, so the epoch is rebuilt from
    strftime: whole seconds ('%s') plus the fraction ('%f' is "SS.SSS", '%S' is "SS").
    """

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "postgresql")
def _seconds_between_pg(element, compiler, **kw) -> str:
    start, end = list(element.clauses)
    return (
        f"CAST(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)}) - "
        f"({compiler.process(start, **kw)})) AS DOUBLE PRECISION)"
    )


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)

    def epoch(moment: str) -> str:
        return (
            f"(CAST(strftime('%s', {moment}) AS REAL) + strftime('%f', {moment}) "
            f"- CAST(strftime('%S', {moment}) AS INTEGER))"
        )

    return f"({epoch(end)} - {epoch(start)})"


class shifted_date(FunctionElement):  # noqa: N801 - reads as a SQL function
    """`shifted_date(moment, minutes)`: the calendar date of moment + minutes (a UTC offset).

    PostgreSQL: CAST(moment + minutes * INTERVAL '1 minute' AS DATE). SQLite: date(moment,
    '+180 minutes'), whose text 'YYYY-MM-DD' compares equal to a bound date.
    """

    type = Date()
    inherit_cache = True
    name = "shifted_date"


@compiles(shifted_date, "postgresql")
def _shifted_date_pg(element, compiler, **kw) -> str:
    moment, minutes = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST({moment} + ({minutes}) * INTERVAL '1 minute' AS DATE)"


@compiles(shifted_date, "sqlite")
def _shifted_date_sqlite(element, compiler, **kw) -> str:
    moment, minutes = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"date({moment}, printf('%+d minutes', {minutes}))"


def constant_table(name: str, columns: Sequence[tuple[str, TypeEngine]], rows: Sequence[tuple]):
    """A CTE holding `rows` (at least one), as UNION ALL of one-row SELECTs of bound values.

    Values are bound with their column's type but not CAST in SQL: SQLite's CAST(... AS DATE)
    would turn '2026-05-01' into the number 2026.
    """
    selects = [
        select(
            *(
                type_coerce(literal(value, type_), type_).label(col)
                for (col, type_), value in zip(columns, row, strict=True)
            )
        )
        for row in rows
    ]
    if not selects:
        raise ValueError("a constant table needs at least one row")
    query = selects[0] if len(selects) == 1 else union_all(*selects)
    return query.cte(name)


def percentiles(
    key: ColumnElement[Any] | None, value: ColumnElement[Any], wanted: Sequence[int]
) -> Subquery:
    """Percentiles of `value` per `key` (or over all rows when key is None).

    Method: linear interpolation between closest ranks, the definition of PostgreSQL's
    percentile_cont and of Excel's PERCENTILE.INC. With the n values sorted ascending as
    v[1..n], the p-th percentile sits at position h = 1 + (n - 1) * p / 100; the result is
    v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]). So the median of an even
    count is the mean of the two middle values. p is a whole number of percent, and h is
    computed in integers, so no rounding error creeps into the ranks.

    Returns a subquery with columns `key` (if given), `n` (the count), `mean` and one column
    per wanted percentile, named `p50`, `p90`, ...
    """
    partition = [key] if key is not None else []
    ranked = select(
        *([key.label("key")] if key is not None else []),
        value.label("value"),
        func.row_number().over(partition_by=partition, order_by=value).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).subquery("ranked")
    columns: list[ColumnElement[Any]] = []
    for p in wanted:
        scaled = (ranked.c.n - 1) * p  # (n - 1) * p, in integers
        low_rank = scaled // 100 + 1
        fraction = cast(scaled % 100, Float) / 100.0
        high_rank = low_rank + case((scaled % 100 > 0, 1), else_=0)
        low = func.max(case((ranked.c.rn == low_rank, ranked.c.value)))
        high = func.max(case((ranked.c.rn == high_rank, ranked.c.value)))
        columns.append((low + func.max(fraction) * (high - low)).label(f"p{p}"))
    group = [ranked.c.key] if key is not None else []
    summary = select(
        *group,
        cast(func.max(ranked.c.n), Integer).label("n"),
        func.avg(ranked.c.value).label("mean"),
        *columns,
    ).group_by(*group)
    return summary.subquery("percentiles")


def statistics_session() -> None:
    """Prepare the transaction for statistics queries.

    PostgreSQL's JIT compiler triggers on the (pessimistic) cost estimates of these
    statements and spends seconds compiling queries that run in milliseconds, so it is
    turned off for the rest of this transaction only. A request's reads run in autocommit
    (app/database.py), where SET LOCAL would not last past itself: the statistics reads get
    a transaction of their own. SQLite has nothing to adjust.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        begin_postgresql_transaction()
        db.session.execute(text("SET LOCAL jit = off"))


def history_session() -> None:
    """Prepare the transaction for a page of the manager's history (51 rows by an index).

    With a filter on a warehouse and a job type, PostgreSQL's planner prefers a parallel scan
    of the whole time index, filtering out 49 of every 50 repairs, to the warehouse's own
    index in the page's order: its cost model divides the scan among workers. For a page of
    51 rows that read 20-25 times the buffers (docs/PERFORMANCE.md, "Round 3: the manager's
    history"), so parallel plans are turned off for this transaction only, as
    `statistics_session` turns off the JIT. SQLite has nothing to adjust.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        begin_postgresql_transaction()
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
