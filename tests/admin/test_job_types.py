"""Job types through the admin forms: add, rename, reorder, retire, restore; no deploy needed."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import JobType
from tests import factories
from tests.admin.conftest import page_text
from tests.support.pages import post_form

NEW = {"code": "battery_swap", "name_ru": "Замена батареи", "name_en": "Battery swap"}


@pytest.fixture
def workshop_api(api):
    """A warehouse, a repairer and the API client."""
    factories.make_place("wh-1")
    factories.make_user("rep-1")
    return api


def _api_types(api) -> list[dict]:
    return api.get("/api/job-types").get_json()["job_types"]


def _codes(api) -> list[str]:
    return [t["code"] for t in _api_types(api)]


def test_a_new_job_type_is_listed_and_startable_through_the_api_at_once(as_manager, workshop_api):
    response = post_form(as_manager, "/admin/job-types", NEW)

    assert response.status_code == 303
    listed = {t["code"]: t for t in _api_types(workshop_api)}
    assert listed["battery_swap"] == {
        "code": "battery_swap",
        "name": "Замена батареи",
        "name_ru": "Замена батареи",
        "name_en": "Battery swap",
        "active": True,
    }
    assert _codes(workshop_api)[-1] == "battery_swap"  # added at the end of the list
    assert workshop_api.start_repair("r-1").status_code == 201
    started = workshop_api.start_job("j-1", "r-1", "battery_swap")
    assert started.status_code == 201, started.get_json()


def test_a_retired_type_stays_in_old_repairs_and_leaves_the_active_list(as_manager, workshop_api):
    workshop_api.start_repair("r-1")
    workshop_api.start_job("j-1", "r-1", "grips")
    workshop_api.end_job("j-1")
    workshop_api.end_repair("r-1")

    response = post_form(as_manager, "/admin/job-types/grips/retire")

    assert response.status_code == 303
    grips = next(t for t in _api_types(workshop_api) if t["code"] == "grips")
    assert grips["active"] is False and grips["name"] == db.session.get(JobType, "grips").name_ru
    history = workshop_api.get(
        "/api/scooter/repair-history", {"vehicle_id": workshop_api.vehicle(1)}
    ).get_json()
    assert history["repairs"][0]["jobs"][0]["type"] == "grips"
    assert history["last_repair"]["job_types"] == ["grips"]
    workshop_api.start_repair("r-2", vehicle_id=workshop_api.vehicle(2))
    refused = workshop_api.start_job("j-2", "r-2", "grips")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "unknown_job_type"
    assert "Выведен" in page_text(as_manager.get("/admin/job-types"))


def test_a_restored_type_can_be_started_again(as_manager, workshop_api):
    post_form(as_manager, "/admin/job-types/grips/retire")

    assert post_form(as_manager, "/admin/job-types/grips/restore").status_code == 303

    workshop_api.start_repair("r-1")
    assert workshop_api.start_job("j-1", "r-1", "grips").status_code == 201


def test_a_taken_code_is_refused_on_the_form(as_manager):
    response = post_form(as_manager, "/admin/job-types", {**NEW, "code": "grips"})

    assert response.status_code == 409
    assert "Вид работ с кодом grips уже есть." in page_text(response)
    assert db.session.get(JobType, "grips").name_en != "Battery swap"


def test_a_taken_name_is_refused_on_the_form(as_manager):
    grips = db.session.get(JobType, "grips")

    response = post_form(as_manager, "/admin/job-types", {**NEW, "name_ru": grips.name_ru.upper()})

    assert response.status_code == 409
    assert 'id="name_ru-error">Такое название уже у вида работ grips.' in page_text(response)
    assert db.session.get(JobType, "battery_swap") is None


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("code", "Battery-Swap", "Строчные латинские буквы, цифры и _, первой — буква."),
        ("code", "замена", "Строчные латинские буквы, цифры и _, первой — буква."),
        ("code", "", "Введите код."),
        ("name_ru", " ", "Введите название."),
        ("name_en", "", "Введите название."),
    ],
)
def test_bad_input_is_shown_inline_with_422(as_manager, field, value, message):
    response = post_form(as_manager, "/admin/job-types", {**NEW, field: value})

    assert response.status_code == 422
    assert f'id="{field}-error">{message}' in page_text(response)
    assert db.session.get(JobType, "battery_swap") is None


def test_a_rename_shows_everywhere_and_keeps_the_code(as_manager, workshop_api):
    response = post_form(
        as_manager, "/admin/job-types/grips", {"name_ru": "Ручки руля", "name_en": "Handle grips"}
    )

    assert response.status_code == 303
    grips = next(t for t in _api_types(workshop_api) if t["code"] == "grips")
    assert (grips["name"], grips["name_en"]) == ("Ручки руля", "Handle grips")


def test_renaming_to_another_types_name_is_refused(as_manager):
    kickstand = db.session.get(JobType, "kickstand")

    response = post_form(
        as_manager, "/admin/job-types/grips", {"name_ru": kickstand.name_ru, "name_en": "Grips"}
    )

    assert response.status_code == 409
    assert "Такое название уже у вида работ kickstand." in page_text(response)


def test_up_and_down_reorder_the_list(as_manager, workshop_api):
    before = _codes(workshop_api)

    post_form(as_manager, f"/admin/job-types/{before[2]}/move", {"direction": "up"})
    after_up = _codes(workshop_api)
    post_form(as_manager, f"/admin/job-types/{before[0]}/move", {"direction": "down"})

    assert after_up == [before[0], before[2], before[1], *before[3:]]
    assert _codes(workshop_api) == [before[2], before[0], before[1], *before[3:]]


def test_moving_the_first_type_up_changes_nothing(as_manager, workshop_api):
    before = _codes(workshop_api)

    assert post_form(as_manager, f"/admin/job-types/{before[0]}/move", {"direction": "up"})

    assert _codes(workshop_api) == before


@pytest.mark.parametrize("action", ["retire", "restore", "move"])
def test_an_unknown_type_code_is_404(as_manager, action):
    assert post_form(as_manager, f"/admin/job-types/nope/{action}").status_code == 404


def test_renaming_an_unknown_type_is_404(as_manager):
    assert as_manager.get("/admin/job-types/nope").status_code == 404
    response = post_form(as_manager, "/admin/job-types/nope", {"name_ru": "А", "name_en": "A"})
    assert response.status_code == 404
