"""One vocabulary (app/vocabulary.py): every status, outcome and command has its words, and
every list of them (the tablet's buttons, Drive's, the API's, the database's) is the same one."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.drive import ACTIONS
from app.drive.simulator import ACTIONS as SIMULATOR_ACTIONS
from app.extensions import db
from app.manager.filters import StatsFilters
from app.manager.periods import Period
from app.manager.stats import report_json
from app.manager.stats.report import stats_report
from app.vocabulary import Command, ComplaintSource, ComplaintStatus, Outcome, Stage, Status
from tests import factories
from tests.admin.audit_data import entry, people
from tests.factories import DEFAULT_PIN
from tests.manager.factories import make_repair, make_vehicle
from tests.support.pages import log_in
from tests.tablet.conftest import post, start_repair

TERMS = [*Status, *Outcome, *Command, *ComplaintSource, *ComplaintStatus, *Stage]


def _words(text) -> dict[str, str]:
    """A lazy string as each language reads it."""
    words = {}
    for language in ("ru", "en"):
        with force_locale(language):
            words[language] = str(text)
    return words


@pytest.mark.parametrize("term", TERMS, ids=lambda t: f"{type(t).__name__}.{t.value}")
def test_every_status_outcome_and_command_has_a_russian_and_an_english_label(app, term):
    with app.test_request_context():
        label = _words(term.label)

    assert label["en"] and label["en"] != term.value
    assert label["ru"] and label["ru"] != label["en"], f"{term.value}: no Russian label"


@pytest.mark.parametrize("status", Status.endings(), ids=str)
def test_every_ending_has_a_button_in_both_languages(app, status):
    with app.test_request_context():
        button = _words(status.end_label)

    assert button["en"] and button["ru"] != button["en"]


@pytest.mark.parametrize("command", [c for c in Command if c.destructive], ids=str)
def test_every_destructive_command_asks_in_both_languages_naming_the_scooter(app, command):
    with app.test_request_context():
        question = {
            lang: text % {"number": "0421"} for lang, text in _words(command.confirm).items()
        }

    assert "0421" in question["en"] and "0421" in question["ru"]
    assert question["ru"] != question["en"]


@pytest.fixture
def tablet(client, workshop):
    """rep-1 on shift at wh-1, on a tablet."""
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    return client


def test_the_tablet_offers_exactly_the_commands_drive_and_its_simulator_take(tablet, simulator):
    start_repair(tablet, simulator)

    buttons = _command_buttons(tablet.get("/t/repairs/r-1").get_data(as_text=True))

    assert [b["value"] for b in buttons] == list(ACTIONS) == list(Command.codes())
    assert sorted(SIMULATOR_ACTIONS) == sorted(ACTIONS), "Drive's simulator and we differ"
    asked = [b["value"] for b in buttons if b.get("hx-confirm")]
    assert (
        asked
        == [c.value for c in Command if c.destructive]
        == [
            "open_deck",
            "open_lock",
            "unblock_wheel",
        ]
    )


def _command_buttons(page: str) -> list[dict]:
    """The attributes of the command panel's buttons, in page order."""

    class Buttons(HTMLParser):
        found: list[dict] = []

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "button" and attributes.get("name") == "action":
                self.found.append(attributes)

    parser = Buttons()
    parser.found = []
    parser.feed(page)
    return parser.found


def test_the_openapi_enums_are_the_vocabulary(client):
    document = client.get("/api/openapi.json").get_json()
    schemas, paths = document["components"]["schemas"], document["paths"]

    def body(path: str) -> dict:
        content = paths[path]["post"]["requestBody"]["content"]["application/json"]
        return content["schema"]["properties"]

    assert schemas["Repair"]["properties"]["status"]["enum"] == list(Status.codes())
    assert schemas["Job"]["properties"]["status"]["enum"] == list(Status.codes())
    endings = [s.value for s in Status.endings()]
    assert body("/api/repair/end")["status"]["enum"] == endings
    assert body("/api/repair-job/end")["status"]["enum"] == endings
    assert body("/api/scooter/control")["action"]["enum"] == list(Command.codes())
    error = schemas["Error"]["properties"]["error"]["properties"]
    assert set(error["outcome"]["enum"]) | {"pending", "ok"} == set(Outcome.codes())
    entries = [s for s in schemas.values() if "outcome" in str(s.get("properties", ""))]
    audited = [
        e["properties"]["entries"]["items"]["properties"]["outcome"]["enum"]
        for e in entries
        if "entries" in e["properties"]
    ]
    assert audited == [list(Outcome.codes())]


def _codes_in_check(table: str, column: str) -> set[str]:
    """The codes the migrated database's CHECK constraint on `table.column` allows."""
    checks = sa.inspect(db.engine).get_check_constraints(table)
    (sql,) = [c["sqltext"] for c in checks if column in c["sqltext"]]
    return set(re.findall(r"'([a-z_]+)'", sql))


def test_the_migrated_database_holds_exactly_the_vocabularys_codes(app):
    """A status or outcome added without its migration fails here, not in production."""
    assert _codes_in_check("repairs", "status") == set(Status.codes())
    assert _codes_in_check("jobs", "status") == set(Status.codes())
    assert _codes_in_check("control_commands", "outcome") == set(Outcome.codes())
    assert _codes_in_check("complaints", "source") == set(ComplaintSource.codes())
    assert _codes_in_check("complaints", "status") == set(ComplaintStatus.codes())
    assert _codes_in_check("stage_events", "stage") == set(Stage.codes())


def test_a_statistics_report_counts_every_status_by_name_and_reads_back(manager_data):
    filters = StatsFilters(Period(date(2026, 5, 4), date(2026, 5, 6)))

    report = stats_report(filters)

    assert report.counts.started == len(Status)
    assert report.counts.by_status == {status.value: 1 for status in Status}
    assert report_json.load(report_json.dump(report), filters) == report


@pytest.fixture
def manager_data(workshop):
    """One repair started on 5 May in each status."""
    make_vehicle("v-1", "0001")
    for n, status in enumerate(Status):
        minutes = None if status == Status.PERFORMING else 30
        make_repair("rep-1", "v-1", f"2026-05-05 0{n}:00", minutes, status=status)


def test_an_audit_entry_of_a_command_since_retired_still_shows_with_its_code(client, app):
    """The log keeps every command ever sent; one the vocabulary dropped reads as its code."""
    factories.make_user("boss", "Анна Смирнова", role="manager")
    people()
    entry(0, action="horn", outcome="ok")
    log_in(client, "boss", DEFAULT_PIN)

    page = client.get("/admin/audit")
    exported = client.get("/admin/audit.csv").get_data(as_text=True)

    assert page.status_code == 200
    assert "<td>horn" in page.get_data(as_text=True)
    assert ";horn;Выполнена;" in exported
