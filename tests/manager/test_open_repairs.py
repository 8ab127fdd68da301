"""Open repairs now, and a manager ending a forgotten one, which frees repairer and scooter."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Repair
from tests import factories
from tests.manager.factories import make_repair, make_shift
from tests.support.pages import csrf_token, log_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def manager(client, workshop):
    factories.make_user("boss", "Анна Смирнова", role="manager")
    log_in(client, "boss", factories.DEFAULT_PIN)
    return client


def _end(client, repair_id: str, headers=None, **form):
    data = {"csrf_token": csrf_token(client), "status": "cancelled", "comment": "забыл закрыть"}
    return client.post(
        f"/manager/open-repairs/{repair_id}/end", data=data | form, headers=headers or {}
    )


def test_open_repairs_are_listed_oldest_first_with_who_and_how_long(manager):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", None, repair_id="newer")
    make_repair("rep-2", "v-2", "2026-05-01 06:00", None, repair_id="older")
    make_repair("rep-2", "v-3", "2026-04-01 06:00", 30, repair_id="done")

    page = manager.get("/manager/open-repairs").get_data(as_text=True)

    assert re.findall(r'data-repair-id="([^"]+)"', page) == ["older", "newer"]
    assert "Пётр Иванов" in page and "забыт?" in page  # open for days: flagged


def test_ending_a_forgotten_repair_frees_the_repairer_and_the_scooter(manager, api):
    assert api.start_repair("forgotten", "rep-1", api.vehicle(1)).status_code == 201
    assert api.start_job("j-1", "forgotten", "grips").status_code == 201
    assert api.start_repair("blocked", "rep-1", api.vehicle(2)).status_code == 409

    response = _end(manager, "forgotten", HTMX, status="failed", comment="Ушёл домой, не закрыв")

    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="open-repairs"')
    assert "ремонтник и самокат свободны" in fragment
    assert 'data-repair-id="forgotten"' not in fragment
    repair = db.session.scalar(db.select(Repair).filter_by(repair_id="forgotten"))
    assert (repair.status, repair.comment) == ("failed", "Ушёл домой, не закрыв")
    assert [job.status for job in repair.jobs] == ["cancelled"]
    assert api.start_repair("next", "rep-1", api.vehicle(2)).status_code == 201
    assert api.start_repair("scooter-free", "rep-2", api.vehicle(1)).status_code == 201


def test_without_htmx_the_manager_is_sent_back_to_the_list(manager):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", None, repair_id="r-1")

    response = _end(manager, "r-1")

    assert response.status_code == 303
    assert response.headers["Location"] == "/manager/open-repairs"
    page = manager.get("/manager/open-repairs").get_data(as_text=True)
    assert "ремонтник и самокат свободны" in page
    assert db.session.scalar(db.select(Repair.status).filter_by(repair_id="r-1")) == "cancelled"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"comment": "  "}, "Напишите, почему ремонт завершается."),
        ({"status": "completed"}, "Выберите, чем закончился ремонт"),
        ({"comment": "x" * 501}, "не длиннее 500 символов"),
    ],
)
def test_an_incomplete_form_is_refused_beside_the_repair(manager, form, message):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", None, repair_id="r-1")

    response = _end(manager, "r-1", HTMX, **form)

    assert response.status_code == 422
    assert response.headers["HX-Error-Fragment"] == "1"
    body = response.get_data(as_text=True)
    assert message in body
    assert 'id="end-r-1">' in body and 'id="end-r-1" hidden' not in body  # the form stays open
    assert 'aria-expanded="true"' in body
    assert db.session.scalar(db.select(Repair.status).filter_by(repair_id="r-1")) == "performing"


def test_a_repair_someone_else_ended_meanwhile_is_said_plainly(manager):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", 30, repair_id="r-1")  # completed already

    response = _end(manager, "r-1", HTMX)

    assert response.status_code == 409
    assert "Это уже завершено с другим результатом." in response.get_data(as_text=True)


def test_an_unknown_repair(manager):
    response = _end(manager, "nope", HTMX)

    assert response.status_code == 404
    assert "Не найдено. Обновите страницу." in response.get_data(as_text=True)


def test_the_overview_shows_open_repairs_and_links_to_ending_them(manager):
    make_repair("rep-1", "v-1", "2026-05-04 06:00", None, repair_id="r-1")
    make_shift("rep-1", "2026-05-04 05:00", None)

    page = manager.get("/manager/").get_data(as_text=True)

    assert 'href="/manager/open-repairs#end-r-1"' in page
    assert re.search(r'tile-value">1</span><span class="tile-label">ремонтов идёт сейчас', page)
    assert re.search(r'tile-value">1</span><span class="tile-label">человек на смене сейчас', page)
