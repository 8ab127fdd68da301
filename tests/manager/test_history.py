"""History lists: filters, keyset pages, a scooter's km between repairs, CSV for Excel."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import event

from app.csv_excel import csv_response
from app.extensions import db
from app.manager.filters import HistoryFilters, history_filters
from app.manager.history.queries import fetch_page, iter_rows
from app.manager.periods import Period
from app.web.cursors import Cursor
from tests import factories
from tests.manager.factories import at, make_repair, make_vehicle
from tests.support.pages import log_in, post_form

ROW_IDS = re.compile(r'<tr data-repair-id="([^"]+)"')


@pytest.fixture
def manager(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    return client


@pytest.fixture
def history(workshop):
    """Two warehouses, three scooters, a few repairs with Russian names everywhere."""
    factories.make_place("wh-2", "Склад «Юг»", "Asia/Novosibirsk")
    make_vehicle("v-1", "0421")
    make_vehicle("v-2", "0777")
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-01 06:00",
        40,
        mileage_km=900,
        repair_id="a",
        jobs=[("brake_adjustment", 0, 15, "completed")],
    )
    make_repair(
        "rep-1",
        "v-1",
        "2026-05-04 06:00",
        60,
        mileage_km=None,
        repair_id="b",
        jobs=[("grips", 5, 15, "failed")],
        status="failed",
        comment="Нет запчастей; ждём поставку",
    )
    make_repair(
        "rep-2",
        "v-1",
        "2026-05-05 20:30",
        30,
        mileage_km=1150.5,
        repair_id="c",
        jobs=[("brake_adjustment", 0, 20, "completed"), ("fenders", 21, 5, "completed")],
    )
    make_repair(
        "rep-2",
        "v-2",
        "2026-05-05 18:00",
        25,
        place_id="wh-2",
        mileage_km=50,
        repair_id="d",
        jobs=[("fenders", 0, 20, "completed")],
    )
    make_repair(
        "rep-1",
        "v-3",
        "2026-05-06 08:00",
        None,
        repair_id="e",
        jobs=[("stem_play", 0, None, "performing")],
    )


def _ids(rows) -> list[str]:
    return [row.repair_id for row in rows]


def test_all_repairs_newest_first_with_jobs_and_km_since_the_previous_known_mileage(history):
    page = fetch_page(HistoryFilters())

    assert _ids(page.rows) == ["e", "c", "d", "b", "a"]
    c = page.rows[1]
    assert [(j.type, j.status, j.duration_seconds) for j in c.jobs] == [
        ("brake_adjustment", "completed", 1200),
        ("fenders", "completed", 300),
    ]
    # c's previous repair (b) has no mileage: the km are counted from a, the last one known.
    assert c.km_since_previous == 250.5
    assert page.rows[3].km_since_previous is None  # b: its own mileage is unknown
    assert page.rows[4].km_since_previous is None  # a: the first repair
    assert (page.next, page.previous) == (None, None)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"place": "wh-2"}, ["d"]),
        ({"performer": "rep-1"}, ["e", "b", "a"]),
        ({"status": "failed"}, ["b"]),
        ({"job_type": "fenders"}, ["c", "d"]),
        ({"scooter": "0421"}, ["c", "b", "a"]),
        ({"scooter": "v-2"}, ["d"]),
        # 5 May local: c started 23:30 in Moscow, d at 01:00 on 6 May in Novosibirsk.
        ({"from": "2026-05-05", "to": "2026-05-05"}, ["c"]),
        ({"from": "2026-05-04", "to": "2026-05-06"}, ["e", "c", "d", "b"]),
        ({"from": "2026-05-04", "to": "2026-05-06", "performer": "rep-2", "place": "wh-1"}, ["c"]),
        ({"status": "nonsense"}, ["e", "c", "d", "b", "a"]),
    ],
)
def test_filters(history, args, expected):
    assert _ids(fetch_page(history_filters(args_of(args))).rows) == expected


def args_of(values: dict):
    from werkzeug.datastructures import MultiDict

    return MultiDict(values)


def test_a_bad_date_is_reported_and_ignored(app, history):
    with app.test_request_context():
        filters = history_filters(args_of({"from": "2026-05-09", "to": "2026-05-01"}))

    assert filters.period is None and filters.problems


def test_walking_every_page_forwards_and_back_yields_each_row_once_in_order(workshop):
    # 23 repairs, several starting at the very same instant: the id breaks the tie.
    for n in range(23):
        make_repair("rep-1", f"v-{n}", f"2026-05-{1 + n // 4:02d} 06:00", 10)
    expected = _ids(fetch_page(HistoryFilters(), size=100).rows)
    assert len(expected) == 23

    seen, pages, after = [], [], None
    while True:
        page = fetch_page(HistoryFilters(), after=after, size=5)
        seen += _ids(page.rows)
        pages.append(page)
        if page.next is None:
            break
        after = page.next
    assert seen == expected and len(pages) == 5

    back, before = [], pages[-1].previous
    while before is not None:
        page = fetch_page(HistoryFilters(), before=before, size=5)
        back = _ids(page.rows) + back
        before = page.previous
    assert back == expected[: len(expected) - len(pages[-1].rows)]


def test_pages_follow_the_links_of_the_page_itself(manager, workshop):
    for n in range(60):
        make_repair("rep-1", f"v-{n % 7}", f"2026-05-{1 + n // 10:02d} {6 + n % 3:02d}:00", 10)
    first = manager.get("/manager/history?performer=rep-1").get_data(as_text=True)
    older = (
        re.search(r'<a class="btn" rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    )
    second = manager.get(older).get_data(as_text=True)

    ids = ROW_IDS.findall(first) + ROW_IDS.findall(second)
    assert len(ids) == 60 and len(set(ids)) == 60
    assert "performer=rep-1" in older and 'rel="next"' not in second
    newer = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    assert ROW_IDS.findall(manager.get(newer).get_data(as_text=True)) == ROW_IDS.findall(first)


def test_a_garbled_cursor_shows_the_first_page(manager, history):
    page = manager.get("/manager/history?after=nonsense").get_data(as_text=True)

    assert ROW_IDS.findall(page)[0] == "e"
    assert Cursor.decode("20260501T060000000000.7") is not None


def _csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads Cyrillic right
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_export_has_the_rows_the_page_shows_with_russian_text_intact(manager, history):
    page = manager.get("/manager/history?performer=rep-1").get_data(as_text=True)
    response = manager.get("/manager/history.csv?performer=rep-1")
    header, *rows = _csv_rows(response)

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    # Two warehouses in two zones: the header says whose time, each row names its zone.
    assert header[:4] == [
        "ID ремонта",
        "Начат (местное время склада)",
        "Завершён (местное время склада)",
        "Самокат",
    ]
    assert header[-1] == "Часовой пояс"
    assert [row[0] for row in rows] == ROW_IDS.findall(page) == ["e", "b", "a"]
    b = rows[1]
    assert b[1:4] == ["2026-05-04 09:00", "2026-05-04 10:00", "0421"]  # Moscow local time
    assert b[5:8] == ["Иван Петров", "Склад Север", "Не удалось"]
    assert b[8] == "60"
    assert b[11] == "Грипсы (замена/очистка) (не удалось)"
    assert b[12] == "Нет запчастей; ждём поставку"  # the ; inside stays in its field
    assert b[-1] == "Europe/Moscow"
    for value in (b[5], b[6], "Грипсы (замена/очистка)", b[12]):
        assert value in page


def test_the_csv_uses_the_locale_decimal_mark_and_every_page(manager, history):
    header, *rows = _csv_rows(manager.get("/manager/history.csv"))

    assert len(rows) == 5
    c = next(row for row in rows if row[0] == "c")
    assert (c[9], c[10]) == ("1150,5", "250,5")
    d = next(row for row in rows if row[0] == "d")
    assert d[1] == "2026-05-06 01:00"  # Novosibirsk local time
    assert d[6] == "Склад «Юг»"
    assert d[-1] == "Asia/Novosibirsk"


def test_a_csv_of_one_warehouse_names_its_zone_in_the_header(manager, history):
    header, *rows = _csv_rows(manager.get("/manager/history.csv?place=wh-2"))
    post_form(manager, "/language/en", {"next": "/"})
    english = _csv_rows(manager.get("/manager/history.csv?place=wh-2"))[0]

    assert header[1:3] == ["Начат (Asia/Novosibirsk)", "Завершён (Asia/Novosibirsk)"]
    assert english[1:3] == [
        "Repair started (Asia/Novosibirsk)",
        "Repair finished (Asia/Novosibirsk)",
    ]
    assert {row[-1] for row in rows} == {"Asia/Novosibirsk"}


def test_the_scooter_page_lists_its_repairs_and_any_user_may_export_them(client, history):
    log_in(client, "rep-2", factories.DEFAULT_PIN)

    page = client.get("/manager/scooters/v-1").get_data(as_text=True)
    export = client.get("/manager/scooters/v-1/repairs.csv")
    header, *rows = _csv_rows(export)

    assert ROW_IDS.findall(page) == ["c", "b", "a"] == [row[0] for row in rows]
    assert "Самокат 0421" in page
    assert "250,5" in page  # km since the previous known mileage
    # Named by the plate people search for, not by Drive's id.
    assert export.headers["Content-Disposition"] == 'attachment; filename="scooter-0421.csv"'


def test_finding_a_scooter_by_its_number(manager, history):
    assert manager.get("/manager/scooters?q=0777").headers["Location"] == "/manager/scooters/v-2"
    assert manager.get("/manager/scooters?q=v-3").headers["Location"] == "/manager/scooters/v-3"
    missing = manager.get("/manager/scooters?q=9999", follow_redirects=True)
    assert "Самоката 9999 нет в наших записях." in missing.get_data(as_text=True)


def test_the_history_page_keeps_its_filters_in_the_form_and_the_csv_link(manager, history):
    page = manager.get("/manager/history?from=2026-05-04&to=2026-05-06&place=wh-1").get_data(
        as_text=True
    )

    # The date fields show the dates as the page writes them, not as the browser's locale does.
    assert 'value="04.05.2026"' in page and '<option value="wh-1" selected>' in page
    assert 'type="date"' not in page and 'placeholder="дд.мм.гггг"' in page
    assert "История ремонтов: Склад Север</h1>" in page
    assert "С 04.05.2026 по 06.05.2026, по местным датам." in page
    assert "/manager/history.csv?from=2026-05-04&amp;to=2026-05-06&amp;place=wh-1" in page
    assert ROW_IDS.findall(page) == ["e", "c", "b"]


def test_dates_typed_day_first_filter_as_iso_ones_do_and_bad_ones_are_explained(manager, history):
    typed = manager.get("/manager/history?from=04.05.2026&to=06.05.2026&place=wh-1")
    bad = manager.get("/manager/history?from=05/04/2026").get_data(as_text=True)

    assert ROW_IDS.findall(typed.get_data(as_text=True)) == ["e", "c", "b"]
    assert "Введите даты в виде дд.мм.гггг, например 26.11.2026." in bad


def test_iter_rows_reads_everything_in_batches(history):
    assert _ids(iter_rows(HistoryFilters(), batch=2)) == ["e", "c", "d", "b", "a"]
    assert _ids(iter_rows(HistoryFilters(period=Period(date(2026, 5, 1), date(2026, 5, 1))))) == [
        "a"
    ]


def test_a_deep_page_is_found_by_key_not_by_offset(app, history):
    statements = []

    def remember(conn, cursor, statement, parameters, *args):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        fetch_page(HistoryFilters(), after=Cursor(at("2026-05-05 00:00"), 10**9), size=2)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)

    page_query, parameters = next((sql, p) for sql, p in statements if "FROM repairs" in sql)
    page_query = page_query.upper()
    # SQLite's dialect always writes "LIMIT ? OFFSET ?"; the offset must then be 0.
    assert "OFFSET" not in page_query or list(parameters)[-1] == 0
    assert "REPAIRS.STARTED_AT <=" in page_query  # the index-friendly bound of the key


def test_csv_bodies_are_streamed(app):
    with app.test_request_context():
        response = csv_response("x.csv", ["a"], iter([["б"], ["в"]]))

        assert response.is_streamed
        assert response.get_data().decode("utf-8-sig") == "a\r\nб\r\nв\r\n"


def test_with_many_people_the_repairer_filter_is_a_search_field_with_suggestions(
    app, manager, history
):
    app.config["PEOPLE_SELECT_LIMIT"] = 2  # three people here: "many"

    page = manager.get("/manager/history?performer=rep-1").get_data(as_text=True)
    found = manager.get("/manager/people?performer=пёт").get_data(as_text=True)

    assert '<select class="input" id="f-performer"' not in page
    assert 'id="f-performer" name="performer" value="rep-1" list="f-people"' in page
    assert "История ремонтов: Иван Петров" in page  # the filtered person is still named
    assert set(ROW_IDS.findall(page)) == {"a", "b", "e"}  # rep-1's repairs only
    assert found.strip() == '<option value="rep-2">Пётр Иванов</option>'
    assert (
        manager.get("/manager/people?performer=rep-").get_data(as_text=True).count("<option") == 2
    )
    assert manager.get("/manager/people?performer=%25").get_data(as_text=True).strip() == ""


def test_a_repairer_cannot_ask_for_people_suggestions(client, workshop):
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    assert client.get("/manager/people?performer=Ив").status_code == 403


def test_reasons_given_through_the_api_are_shown_in_the_history(manager, api):
    api.start_repair()
    api.start_job("j-1")
    api.post("/api/repair-job/end", {"job_id": "j-1", "status": "failed", "comment": "болт сорван"})
    api.post("/api/repair/end", {"repair_id": "r-1", "status": "failed", "comment": "нужна дека"})

    page = manager.get("/manager/history").get_data(as_text=True)

    assert "болт сорван" in page
    assert "нужна дека" in page


def test_field_repairs_are_told_apart_by_a_column_a_filter_and_the_csv(manager, api):
    points = [{"vehicle_id": api.vehicle(2)}]
    mission = {"mission_id": "m-7", "performer_id": "rep-2", "place_id": "wh-1", "points": points}
    assert api.post("/api/missions", mission).status_code == 201
    api.start_repair("in-shop")
    field = {"repair_id": "in-field", "performer_id": "rep-2", "vehicle_id": api.vehicle(2)}
    assert api.post("/api/repair/start", field | {"mission_id": "m-7"}).status_code == 201

    everything = manager.get("/manager/history").get_data(as_text=True)
    only_field = manager.get("/manager/history?kind=field").get_data(as_text=True)
    only_shop = manager.get("/manager/history?kind=warehouse").get_data(as_text=True)
    header, *rows = _csv_rows(manager.get("/manager/history.csv?kind=field"))
    mission_column = header.index("Выездная миссия")

    assert sorted(ROW_IDS.findall(everything)) == ["in-field", "in-shop"]
    assert ROW_IDS.findall(only_field) == ["in-field"]
    assert ROW_IDS.findall(only_shop) == ["in-shop"]
    assert "Выезд" in only_field and "миссия m-7" in only_field
    assert 'value="field" selected' in only_field
    assert [(row[0], row[mission_column]) for row in rows] == [("in-field", "m-7")]
