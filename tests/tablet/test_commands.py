"""The command panel: each command's outcome, the findings, and the unknown ones explained."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import ControlCommand
from tests.tablet.conftest import hx_post, post, start_repair, text


@pytest.fixture
def repair(tablet, simulator):
    start_repair(tablet, simulator)
    return "r-1"


def send(client, action: str):
    return hx_post(client, "/t/repairs/r-1/commands", {"action": action}, "commands")


def audit() -> list[ControlCommand]:
    return list(db.session.scalars(select(ControlCommand).order_by(ControlCommand.id)))


def test_a_command_shows_its_outcome_and_is_audited_as_from_the_tablet(tablet, repair, simulator):
    response = send(tablet, "headlight_on")

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="commands"')
    page = text(response)
    assert "Готово: самокат подтвердил команду." in page and "Фара: включена" in page
    [entry] = audit()
    assert (entry.action, entry.outcome, entry.channel, entry.repair_id) == (
        "headlight_on",
        "ok",
        "tablet",
        "r-1",
    )
    assert simulator.state(entry.vehicle_id).headlight_on


def test_the_self_test_lists_its_findings(tablet, repair):
    page = text(send(tablet, "self_test"))

    assert "Самодиагностика нашла ошибки: устраните их" in page
    assert "Нет сигнала от датчика заднего тормоза: проверьте датчик ручки" in page
    assert "E15 · контроллер" in page and "Обрыв цепи фары" in page
    assert "Rear brake" not in page and "Headlight" not in page  # never Drive's English


def test_a_refused_command_says_so(tablet, repair):
    send(tablet, "open_deck")

    page = text(send(tablet, "open_deck"))  # the deck is already open

    assert "Самокат отклонил команду в текущем состоянии" in page and "Не выполнена" in page
    assert "Проверьте самокат и попробуйте ещё раз." in page
    assert "the deck is already open" not in page and "action_rejected" not in page


def test_an_unknown_outcome_tells_to_check_the_scooter(tablet, repair, simulator):
    simulator.set_faults("timeout", scope="commands")

    page = text(send(tablet, "block_wheel"))

    assert "проверьте самокат, прежде чем отправлять её снова" in page
    assert "Неизвестно: проверьте самокат" in page
    assert audit()[-1].outcome == "unknown"


def test_drive_down_fails_the_command_plainly(tablet, repair, simulator):
    simulator.set_faults("down")

    page = text(send(tablet, "headlight_off"))

    assert "Drive сейчас недоступен. Попробуйте через минуту." in page
    assert audit()[-1].outcome == "failed"


def test_destructive_commands_ask_for_confirmation(tablet, repair):
    body = tablet.get("/t/repairs/r-1").get_data(as_text=True)

    assert 'hx-confirm="Открыть замок самоката 0421?' in body
    assert 'hx-confirm="Открыть батарейный отсек самоката 0421?"' in body
    assert 'hx-confirm="Разблокировать колесо самоката 0421?"' in body
    assert body.count("hx-confirm=") == 5  # and the two ways to end a repair early


def test_an_unknown_action_is_refused_without_reaching_drive(tablet, repair):
    page = text(send(tablet, "self_destruct"))

    assert "Страница устарела" in page and audit() == []


def test_no_commands_after_the_repair_ended_and_the_attempt_is_audited(tablet, repair, simulator):
    post(tablet, "/t/repairs/r-1/finish", {"status": "cancelled"})

    page = text(send(tablet, "open_lock"))

    assert "Этот ремонт уже завершён" in page and "Запрещено" in page
    [entry] = audit()
    assert (entry.outcome, entry.error, entry.channel) == ("denied", "not_in_repair", "tablet")
    assert simulator.commands() == []


def test_a_command_without_csrf_is_refused(tablet, repair):
    response = tablet.post("/t/repairs/r-1/commands", data={"action": "open_lock"})

    assert response.status_code == 400 and audit() == []


def test_recent_commands_are_listed_with_their_outcomes(tablet, repair):
    send(tablet, "headlight_on")
    send(tablet, "headlight_off")

    page = text(tablet.get("/t/repairs/r-1"))

    assert "Команды этого ремонта, сначала новые" in page
    assert page.index("Выключить фару Выполнена") < page.index("Включить фару Выполнена")


def test_a_command_its_worker_never_settled_reads_as_unknown_not_sending(tablet, repair, simulator):
    """A worker killed mid-command leaves its entry pending; an hour later it is not "sending"."""
    vehicle_id = simulator.scooter(number="0421").vehicle_id
    at = utcnow() - timedelta(hours=1)
    db.session.add(
        ControlCommand(
            performer_id="rep-1",
            vehicle_id=vehicle_id,
            action="open_lock",
            requested_at=at,
            repair_id="r-1",
        )
    )
    db.session.commit()

    page = text(tablet.get("/t/repairs/r-1"))

    assert "Команды этого ремонта" in page
    assert "Открыть замок Неизвестно: проверьте самокат" in page and "Отправляется…" not in page
