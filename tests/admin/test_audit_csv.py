"""The audit log as CSV: UTF-8 with a BOM, streamed, parses back to the same rows."""

from __future__ import annotations

import csv
import io

import pytest

from app.admin.audit_export import BOM
from app.extensions import db
from app.models import ControlCommand
from tests import factories
from tests.admin.audit_data import entry, people
from tests.manager.factories import make_shift
from tests.support.pages import post_form

HEADER = [
    "Запись",
    "Отправлена (Europe/Moscow)",
    "Завершена (Europe/Moscow)",
    "Номер самоката",
    "ID самоката в Drive",
    "Табельный номер",
    "Исполнитель",
    "Команда",
    "Итог",
    "Ошибка",
    "Пояснение Drive",
    "Ответ Drive",
    "Ремонт",
    "Канал",
    "Часовой пояс",
]


def parse(response) -> list[list[str]]:
    """Read the file back the way a program would: strip the BOM, then the csv module."""
    text = response.get_data().decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline=""), delimiter=";"))


@pytest.fixture
def log(app):
    people()
    return [
        entry(0, detail=None, repair_id="r-1", channel="tablet"),
        entry(
            10,
            "rep-2",
            "veh-b",
            "self_test",
            "failed",
            error="drive_error",
            detail='action_rejected: батарея разряжена, "тест" невозможен; повторите',
        ),
        entry(20, "rep-1", "veh-c", "self_test", result={"passed": False, "errors": ["E10"]}),
        entry(
            30, "rep-2", "veh-a", "block_wheel", "unknown", error="drive_timeout", finished_at=None
        ),
    ]


def test_the_export_parses_back_to_the_same_rows_with_russian_intact(as_manager, log):
    response = as_manager.get("/admin/audit.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-')
    deck, refused, test, lost = (e.id for e in log)
    assert parse(response) == [
        HEADER,
        [str(lost), "2026-03-10 12:30:00", "", "0421", "veh-a", "rep-2", "Пётр Иванов",
         "Заблокировать колесо", "Неизвестно: проверьте самокат", "drive_timeout", "", "", "",
         "api", "Europe/Moscow"],
        [str(test), "2026-03-10 12:20:00", "2026-03-10 12:20:02", "", "veh-c", "rep-1",
         "Иван Петров", "Самодиагностика", "Выполнена", "", "",
         '{"errors": ["E10"], "passed": false}', "", "api", "Europe/Moscow"],
        [str(refused), "2026-03-10 12:10:00", "2026-03-10 12:10:02", "0007", "veh-b", "rep-2",
         "Пётр Иванов", "Самодиагностика", "Не выполнена", "drive_error",
         'action_rejected: батарея разряжена, "тест" невозможен; повторите', "", "", "api",
         "Europe/Moscow"],
        [str(deck), "2026-03-10 12:00:00", "2026-03-10 12:00:02", "0421", "veh-a", "rep-1",
         "Иван Петров", "Открыть батарейный отсек", "Выполнена", "", "", "", "r-1", "tablet",
         "Europe/Moscow"],
    ]  # fmt: skip


def test_with_warehouses_in_several_zones_each_row_names_its_own(as_manager, log):
    # rep-2 works at Yekaterinburg (UTC+5): the header cannot name one zone, each row does.
    factories.make_place("wh-ekb", "Склад Екатеринбург", "Asia/Yekaterinburg")
    make_shift("rep-2", "2026-03-10 06:00", 8, place_id="wh-ekb")

    rows = parse(as_manager.get("/admin/audit.csv"))

    assert rows[0][1:3] == [
        "Отправлена (местное время склада)",
        "Завершена (местное время склада)",
    ]
    assert rows[0][-1] == "Часовой пояс"
    by_id = {row[0]: row for row in rows[1:]}
    refused, deck = by_id[str(log[1].id)], by_id[str(log[0].id)]
    assert (refused[1], refused[-1]) == ("2026-03-10 14:10:00", "Asia/Yekaterinburg")
    assert (deck[1], deck[-1]) == ("2026-03-10 12:00:00", "Europe/Moscow")


def test_the_export_is_streamed(as_manager, log):
    response = as_manager.get("/admin/audit.csv", buffered=False)

    assert response.is_streamed
    assert len(parse(response)) == 5


def test_the_export_follows_the_filters(as_manager, log):
    response = as_manager.get("/admin/audit.csv", query_string={"performer_id": "rep-2"})

    rows = parse(response)[1:]
    assert [row[0] for row in rows] == [str(log[3].id), str(log[1].id)]


def test_the_export_speaks_english_on_request(as_manager, log):
    post_form(as_manager, "/language/en", {"next": "/"})

    rows = parse(as_manager.get("/admin/audit.csv"))

    assert rows[0][:3] == ["Entry", "Requested (Europe/Moscow)", "Finished (Europe/Moscow)"]
    assert rows[-1][7:9] == ["Open battery deck", "Confirmed"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(as_manager, app):
    people()
    entry(0, detail='=HYPERLINK("http://evil.example","click")')
    entry(1, detail="-2+3")

    rows = parse(as_manager.get("/admin/audit.csv"))[1:]

    assert rows[0][10] == "'-2+3"
    assert rows[1][10] == '\'=HYPERLINK("http://evil.example","click")'


def test_a_long_log_is_exported_whole_and_in_order(as_manager, app):
    people()
    entry(0)
    first = db.session.scalar(db.select(ControlCommand))
    columns = {c.key: getattr(first, c.key) for c in ControlCommand.__table__.columns}
    columns.pop("id")
    db.session.execute(
        db.insert(ControlCommand), [dict(columns, vehicle_id=f"veh-{n}") for n in range(1234)]
    )
    db.session.commit()
    expected = [
        str(i)
        for i in db.session.scalars(
            db.select(ControlCommand.id).order_by(
                ControlCommand.requested_at.desc(), ControlCommand.id.desc()
            )
        )
    ]

    rows = parse(as_manager.get("/admin/audit.csv"))[1:]

    assert [row[0] for row in rows] == expected
    assert len(expected) == 1235
