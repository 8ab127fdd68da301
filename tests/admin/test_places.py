"""Warehouses through the admin forms: add, rename, time zone, deactivate; bad input inline."""

from __future__ import annotations

import pytest

from app.admin.services import update_place
from app.extensions import db
from app.models import Place
from tests import factories
from tests.admin.conftest import page_text
from tests.support.http import ApiClient
from tests.support.pages import post_form

NEW = {"place_id": "wh-south", "name": "Склад Юг", "timezone": "Asia/Yekaterinburg"}


def test_a_manager_adds_a_warehouse(as_manager):
    response = post_form(as_manager, "/admin/places", NEW)

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/places")
    place = db.session.get(Place, "wh-south")
    assert (place.name, place.timezone, place.active) == ("Склад Юг", "Asia/Yekaterinburg", True)
    listing = page_text(as_manager.get("/admin/places"))
    assert "Склад Юг" in listing and "Asia/Yekaterinburg" in listing


def test_spaces_around_the_id_and_name_are_trimmed(as_manager):
    post_form(as_manager, "/admin/places", {**NEW, "place_id": "  wh-south ", "name": " Юг  "})

    assert db.session.get(Place, "wh-south").name == "Юг"


def test_a_taken_id_is_refused_on_the_form(as_manager):
    factories.make_place("wh-south", "Склад Старый")

    response = post_form(as_manager, "/admin/places", NEW)

    assert response.status_code == 409
    assert "Склад с ID wh-south уже есть." in page_text(response)
    assert db.session.get(Place, "wh-south").name == "Склад Старый"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("timezone", "Mars/Base", "Выберите часовой пояс из списка."),
        ("timezone", "", "Выберите часовой пояс из списка."),
        ("name", "   ", "Введите название."),
        ("name", "Я" * 201, "Не больше 200 символов."),
        ("place_id", "", "Введите ID."),
        ("place_id", "x" * 65, "До 64 печатных символов."),
        ("place_id", "wh\t1", "До 64 печатных символов."),
    ],
)
def test_bad_input_is_shown_inline_with_422(as_manager, field, value, message):
    response = post_form(as_manager, "/admin/places", {**NEW, field: value})

    assert response.status_code == 422
    text = page_text(response)
    assert f'id="{field}-error">{message}' in text
    assert 'aria-invalid="true"' in text
    assert db.session.scalar(db.select(db.func.count()).select_from(Place)) == 0


def test_what_was_typed_stays_in_the_form_after_an_error(as_manager):
    response = post_form(as_manager, "/admin/places", {**NEW, "timezone": "Mars/Base"})

    assert 'value="Склад Юг"' in page_text(response)


def test_a_form_without_its_csrf_token_is_refused(as_manager):
    response = as_manager.post("/admin/places", data=NEW)

    assert response.status_code == 400
    assert db.session.get(Place, "wh-south") is None


def test_a_manager_renames_a_warehouse_and_changes_its_time_zone(as_manager):
    factories.make_place("wh-1", "Склад Север")
    form = page_text(as_manager.get("/admin/places/wh-1"))
    assert 'value="Склад Север"' in form
    assert '<option value="Europe/Moscow" selected>' in form

    response = post_form(
        as_manager, "/admin/places/wh-1", {"name": "Склад Северный", "timezone": "Europe/Samara"}
    )

    assert response.status_code == 303
    place = db.session.get(Place, "wh-1")
    assert (place.name, place.timezone) == ("Склад Северный", "Europe/Samara")


def test_renaming_to_an_empty_name_is_refused(as_manager):
    factories.make_place("wh-1", "Склад Север")

    response = post_form(as_manager, "/admin/places/wh-1", {"name": "", "timezone": "UTC"})

    assert response.status_code == 422
    assert "Введите название." in page_text(response)
    assert db.session.get(Place, "wh-1").name == "Склад Север"


def test_a_zone_set_from_the_cli_outside_the_list_is_kept_selected(as_manager):
    factories.make_place("wh-1", timezone="Etc/GMT-3")

    form = page_text(as_manager.get("/admin/places/wh-1"))

    assert '<option value="Etc/GMT-3" selected>' in form


def test_a_deactivated_warehouse_takes_no_new_repairs_until_reactivated(as_manager, api):
    factories.make_place("wh-1")
    factories.make_user("rep-1")

    assert post_form(as_manager, "/admin/places/wh-1/deactivate").status_code == 303
    assert db.session.get(Place, "wh-1").active is False
    refused = api.start_repair("r-1")
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (422, "unknown_place")

    assert post_form(as_manager, "/admin/places/wh-1/reactivate").status_code == 303
    assert api.start_repair("r-1").status_code == 201


def test_an_unknown_warehouse_is_404(as_manager):
    assert as_manager.get("/admin/places/nowhere").status_code == 404
    assert post_form(as_manager, "/admin/places/nowhere/deactivate").status_code == 404


def test_a_warehouse_may_have_an_english_name_the_api_and_english_pages_show(as_manager):
    response = post_form(as_manager, "/admin/places", {**NEW, "name_en": " South depot "})
    assert response.status_code == 303
    assert db.session.get(Place, "wh-south").name_en == "South depot"
    post_form(
        as_manager,
        "/admin/places/wh-south",
        {"name": "Склад Юг", "name_en": "", "timezone": "Asia/Yekaterinburg"},
    )
    assert db.session.get(Place, "wh-south").name_en is None  # cleared: Russian everywhere
    too_long = post_form(as_manager, "/admin/places/wh-south", {**NEW, "name_en": "x" * 201})
    assert too_long.status_code == 422


def test_the_api_gives_both_names_of_places_and_job_types(client, workshop):
    update_place("wh-1", "Склад Север", "Europe/Moscow", "North depot")
    factories.make_place("wh-2", "Склад Юг")
    api = ApiClient(client, factories.make_token(), [])

    places = api.get("/api/places").get_json()["places"]
    types = api.get("/api/job-types").get_json()["job_types"]

    assert [(p["name_ru"], p["name_en"]) for p in places] == [
        ("Склад Север", "North depot"),
        ("Склад Юг", None),
    ]
    grips = next(t for t in types if t["code"] == "grips")
    assert grips["name_ru"] == grips["name"] != grips["name_en"]
