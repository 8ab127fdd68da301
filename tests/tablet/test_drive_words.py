"""What a repairer reads of Drive: our words for its codes, in his language, and what to do;
an offline scooter said on its card; a self-test styled by what it found."""

from __future__ import annotations

import html

import pytest

from app.control.services import CommandFailed
from app.drive import DriveRefused
from app.models import ControlCommand, Outcome
from app.tablet.commands_view import report_failure
from app.web.drive_words import finding_words
from tests.tablet.conftest import hx_post, post, start_repair, text

ENGLISH_FROM_DRIVE = ("car_offline", "battery flat", "the car is offline", "Error", "circuit")


def words(response) -> str:
    return html.unescape(text(response))


def send(client, action: str, repair_id: str = "r-1"):
    return hx_post(client, f"/t/repairs/{repair_id}/commands", {"action": action}, "commands")


def english(tablet) -> None:
    post(tablet, "/language/en", {"next": "/t/"})


def test_an_offline_scooter_says_so_on_its_card_before_the_repair_starts(tablet):
    page = words(tablet.get("/t/scooter/0013"))

    assert "Самокат не в сети: батарея разряжена." in page
    assert "Команды (батарейный отсек, замок, самодиагностика) не дойдут до него" in page
    assert page.index("Самокат не в сети") < page.index("Пробег")  # above the facts
    assert "0 % не в сети" in page
    assert "Начать ремонт" in page  # mechanical work still goes on
    assert "battery_flat" not in page


def test_an_offline_scooter_says_so_in_english_too(tablet):
    english(tablet)

    page = words(tablet.get("/t/scooter/0013"))

    assert "The scooter is offline: its battery is flat." in page and "Start repair" in page


def test_an_online_scooter_has_no_offline_note(tablet):
    page = words(tablet.get("/t/scooter/0421"))

    assert "не в сети" not in page


def test_a_command_to_an_offline_scooter_says_why_and_what_to_do(tablet, simulator):
    start_repair(tablet, simulator, number="0013")

    page = words(send(tablet, "open_deck"))

    assert "Самокат не в сети, команда до него не дошла. Зарядите или включите его" in page
    assert not [w for w in ENGLISH_FROM_DRIVE if w in page]


def test_a_command_to_an_offline_scooter_in_english(tablet, simulator):
    start_repair(tablet, simulator, number="0013")
    english(tablet)

    page = words(send(tablet, "self_test"))

    assert "The scooter is offline, so it did not get the command. Charge or switch" in page
    assert "car_offline" not in page and "battery flat" not in page


@pytest.mark.parametrize("mode", ["down", "error500"])
def test_drive_failing_shows_no_exception_names_or_drive_prose(tablet, simulator, mode):
    start_repair(tablet, simulator)
    simulator.set_faults(mode)

    page = words(send(tablet, "headlight_on"))

    assert "Не выполнена" in page
    for leak in ("ConnectionRefusedError", "no connection", "HTTP", "circuit open", "Drive said"):
        assert leak not in page


def test_a_self_test_that_found_errors_is_amber_not_green(tablet, simulator):
    start_repair(tablet, simulator)

    response = send(tablet, "self_test")

    body = response.get_data(as_text=True)
    assert 'class="command-report report-ok tone-warn"' in body and "tone-ok" not in body
    page = words(response)
    assert "Найдены ошибки" in page and "Выполнена" not in page
    assert "Самодиагностика Найдены ошибки" in page  # the log says it too


def test_a_self_test_that_passed_is_green(tablet, simulator):
    start_repair(tablet, simulator, number="0007")  # stem play: nothing electronic

    response = send(tablet, "self_test")

    assert 'class="command-report report-ok tone-ok"' in response.get_data(as_text=True)
    assert "Самодиагностика пройдена: ошибок нет." in words(response)


def test_self_test_findings_in_english(tablet, simulator):
    start_repair(tablet, simulator)
    english(tablet)

    page = words(send(tablet, "self_test"))

    assert "Self-test found errors: fix them, or end the repair with “Could not repair”." in page
    assert "Rear brake lever sensor gives no signal: check the lever sensor" in page
    assert "E15 · controller" in page


def test_a_new_repair_does_not_start_with_an_earlier_repairs_commands(tablet, simulator):
    start_repair(tablet, simulator)
    send(tablet, "self_test")
    post(tablet, "/t/repairs/r-1/finish", {"reason": "by_mistake"})

    start_repair(tablet, simulator, token="r-2")
    fresh = words(tablet.get("/t/repairs/r-2"))

    assert "Самодиагностика" in fresh  # the button
    assert "Найдены ошибки" not in fresh and "Команды этого ремонта" not in fresh
    send(tablet, "headlight_on", "r-2")
    listed = words(tablet.get("/t/repairs/r-2"))
    assert "Команды этого ремонта, сначала новые" in listed
    assert "Включить фару Выполнена" in listed and "Найдены ошибки" not in listed


def test_an_unknown_drive_code_is_shown_as_a_code_not_as_drives_prose(app):
    audit = ControlCommand(performer_id="p", vehicle_id="v", action="open_lock", channel="t")
    audit.outcome = Outcome.FAILED
    refusal = DriveRefused("battery_cold", message="the battery is too cold", http_status=409)

    with app.test_request_context():
        report = report_failure("open_lock", CommandFailed(refusal, audit), audit)

    assert report.code == "battery_cold"
    assert report.message == "Самокат не выполнил команду. Проверьте самокат и попробуйте ещё раз."
    assert "too cold" not in report.message


def test_an_unknown_finding_is_shown_as_its_code(app):
    with app.test_request_context():
        known = finding_words({"code": "E21", "block": "ecu", "message": "Headlight circuit open"})
        unknown = finding_words({"code": "E77", "block": "xyz", "message": "Flux capacitor"})

    assert known.text.startswith("Обрыв цепи фары") and known.block == "контроллер"
    assert (unknown.code, unknown.block, unknown.text) == ("E77", "XYZ", None)
