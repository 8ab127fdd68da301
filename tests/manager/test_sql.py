"""The SQL building blocks behave the same on SQLite and PostgreSQL, and as documented."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Float, String, func, literal, select, text

from app.database import UTCDateTime
from app.extensions import db
from app.manager.periods import (
    Period,
    PeriodError,
    date_table,
    local_midnight,
    offset_segments,
)
from app.manager.sql import (
    constant_table,
    percentiles,
    seconds_between,
    shifted_date,
    statistics_session,
)
from tests.manager.factories import at
from tests.support.database import on_postgres


def _percentiles(groups: dict[str, list[float]], wanted=(50, 90)) -> dict[str, tuple]:
    rows = [(key, value) for key, values in groups.items() for value in values]
    values = constant_table("v", [("k", String()), ("x", Float())], rows)
    summary = percentiles(values.c.k, values.c.x, wanted)
    query = select(summary.c.key, summary.c.n, *(summary.c[f"p{p}"] for p in wanted))
    return {key: tuple(rest) for key, *rest in db.session.execute(query)}


@pytest.mark.parametrize(
    ("values", "p50", "p90"),
    [
        ([7], 7, 7),
        ([1, 2], 1.5, 1.9),
        ([3, 1, 2], 2, 2.8),
        ([1, 2, 3, 4], 2.5, 3.7),
        (list(range(1, 11)), 5.5, 9.1),
        ([5, 5, 5, 10], 5, 8.5),
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 60, 100),
    ],
)
def test_percentiles_interpolate_linearly_between_closest_ranks(app, values, p50, p90):
    n, median, ninetieth = _percentiles({"a": values})["a"]

    assert n == len(values)
    assert median == pytest.approx(p50)
    assert ninetieth == pytest.approx(p90)


def test_percentiles_are_computed_per_group(app):
    result = _percentiles({"a": [1, 2, 3, 4], "b": [100]}, wanted=(50,))

    assert result == {"a": (4, 2.5), "b": (1, 100)}


@pytest.mark.skipif(not on_postgres(), reason="percentile_cont exists on PostgreSQL only")
def test_percentiles_match_postgresql_percentile_cont(app):
    values = [3.5, 1.25, 99.0, 42.0, 42.0, 7.0, 0.5, 13.0, 8.0]
    rows = [("a", v) for v in values]
    table = constant_table("v", [("k", String()), ("x", Float())], rows)
    expected = db.session.execute(
        select(
            func.percentile_cont(0.5).within_group(table.c.x),
            func.percentile_cont(0.9).within_group(table.c.x),
        )
    ).one()

    assert _percentiles({"a": values})["a"][1:] == pytest.approx(tuple(expected))


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL's JIT")
def test_statistics_keep_the_jit_off_during_a_request(app):
    """A request's reads run in autocommit, where SET LOCAL would end with its own statement."""
    with app.test_request_context():
        db.session.remove()
        statistics_session()

        assert db.session.scalar(text("SHOW jit")) == "off"
        db.session.remove()


def test_seconds_between_is_exact_to_the_millisecond(app):
    start = literal(at("2026-05-04 23:59:58.250"), UTCDateTime())
    end = literal(at("2026-05-05 01:00:00.125"), UTCDateTime())

    assert db.session.scalar(select(seconds_between(start, end))) == pytest.approx(
        3601.875, abs=1e-6
    )


def test_periods_are_cut_where_daylight_saving_time_changes_the_offset(app):
    period = Period(date(2026, 3, 28), date(2026, 3, 30))

    assert period.bounds("Europe/Berlin") == (at("2026-03-27 23:00"), at("2026-03-30 22:00"))
    assert offset_segments(period, "Europe/Berlin") == [
        (at("2026-03-27 23:00"), at("2026-03-29 01:00"), 60),
        (at("2026-03-29 01:00"), at("2026-03-30 22:00"), 120),
    ]
    assert offset_segments(period, "Europe/Moscow") == [
        (at("2026-03-27 21:00"), at("2026-03-30 21:00"), 180)
    ]
    assert local_midnight(date(2026, 5, 4), "Europe/Moscow") == at("2026-05-03 21:00")


@pytest.mark.parametrize(
    ("moment", "minutes", "expected"),
    [
        ("2026-05-03 21:00", 180, date(2026, 5, 4)),
        ("2026-05-03 20:59:59.999", 180, date(2026, 5, 3)),
        ("2026-05-04 02:00", -240, date(2026, 5, 3)),
        ("2026-12-31 23:30", 0, date(2026, 12, 31)),
    ],
)
def test_shifted_date(app, moment, minutes, expected):
    value = shifted_date(literal(at(moment), UTCDateTime()), literal(minutes))
    dates = date_table(Period(expected, expected))

    assert db.session.scalar(select(value)) == expected
    assert db.session.scalar(select(func.count()).where(dates.c.day == value)) == 1


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        ("2026-05-10", "2026-05-01", "start_after_end"),
        ("2026-13-01", None, "bad_date"),
        ("2025-01-01", "2026-05-01", "too_long"),
    ],
)
def test_bad_periods_are_refused(first, last, problem):
    with pytest.raises(PeriodError, match=problem):
        Period.parse(first, last)


def test_a_period_defaults_to_thirty_days_ending_on_the_given_end():
    period = Period.parse(None, "2026-05-30")

    assert (period.first, period.last, period.length) == (date(2026, 5, 1), date(2026, 5, 30), 30)
