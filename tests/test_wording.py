"""One repair, one refusal: the tablet and the managers' pages word them alike.

Both areas format through app/web (statuses, durations, km, models, error messages), so a
repairer and a manager looking at the same repair read the same words.
"""

from __future__ import annotations

import html

import pytest

from app.extensions import db
from app.models import Vehicle
from tests import factories
from tests.manager.factories import make_repair
from tests.support.pages import csrf_token, log_in
from tests.tablet.conftest import post, start_repair, text

HTMX = {"HX-Request": "true"}


def words(response) -> str:
    """What a person reads on the page: its text, entities decoded."""
    return html.unescape(text(response))


@pytest.fixture
def repairer(client, workshop, simulator):
    """rep-1 on shift at wh-1, and scooter 0421 as Drive describes it."""
    log_in(client, "rep-1", factories.DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    client.get("/t/scooter/0421")  # the scooter is now in our records, model and mileage
    return client


@pytest.fixture
def done_repair(repairer, simulator):
    """rep-1's completed repair of 0421: 89 min 36 s, a 30-second job, 100 km ago."""
    scooter = simulator.scooter(number="0421")
    return make_repair(
        "rep-1",
        scooter.vehicle_id,
        "2026-11-02 06:00",
        89.6,
        repair_id="r-done",
        mileage_km=scooter.mileage_km - 100,
        jobs=[("grips", 0, 0.5, "completed")],
    )


def test_a_repair_reads_the_same_on_the_tablet_and_on_the_scooters_history_page(
    repairer, done_repair
):
    tablet_screen = words(repairer.get("/t/repairs/r-done"))
    tablet_card = words(repairer.get("/t/scooter/0421/drive"))
    history = words(repairer.get(f"/manager/scooters/{done_repair.vehicle_id}"))

    for page in (tablet_screen, history):
        assert "Выполнено" in page and "Готово" not in page  # the status, not the button
        assert "1 ч 29 мин" in page  # 89.6 min: whole minutes, as a clock counts them
        assert "< 1 мин" in page and "0 мин" not in page  # the 30-second job
    for page in (tablet_card, history):
        assert "100 км" in page and "100,0" not in page  # km since the last repair
    model = db.session.get(Vehicle, done_repair.vehicle_id).model
    assert "Ninebot Max G30" in history and model not in history


def test_a_refusal_reads_the_same_on_the_tablet_and_on_the_open_repairs_page(
    repairer, done_repair, client
):
    make_repair("rep-1", "v-other", "2026-11-02 09:00", 30, repair_id="r-other")  # completed
    on_tablet = post(repairer, "/t/repairs/r-done/finish", {"status": "failed"})
    tablet_says = words(repairer.get(on_tablet.headers["Location"]))
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)

    ended = client.post(
        "/manager/open-repairs/r-other/end",
        data={"csrf_token": csrf_token(client), "status": "failed", "comment": "забыт"},
        headers=HTMX,
    )
    unknown = client.post(
        "/manager/open-repairs/nope/end",
        data={"csrf_token": csrf_token(client), "status": "failed", "comment": "забыт"},
        headers=HTMX,
    )

    sentence = "Это уже завершено с другим результатом."
    assert sentence in tablet_says
    assert ended.status_code == 409 and sentence in words(ended)
    assert unknown.status_code == 404 and "Не найдено. Обновите страницу." in words(unknown)


def test_a_command_reads_the_same_on_the_tablet_and_in_the_audit_log(repairer, simulator, client):
    start_repair(repairer, simulator)
    post(repairer, "/t/repairs/r-1/commands", {"action": "headlight_on"})
    tablet_says = words(repairer.get("/t/repairs/r-1"))
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)

    audit_says = words(client.get("/admin/audit"))

    assert "Включить фару Выполнена" in tablet_says
    assert "Включить фару" in audit_says and "Выполнена" in audit_says


def test_a_refusal_no_page_catches_reads_as_the_pages_sentence(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)

    response = client.post(
        "/admin/places/nowhere/deactivate", data={"csrf_token": csrf_token(client)}
    )

    assert response.status_code == 404
    assert "Не найдено. Обновите страницу." in words(response) and "No place" not in words(response)
