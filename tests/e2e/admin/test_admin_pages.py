"""A new manager sets things up: a warehouse, a user, a job type, an API token."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from app.extensions import db
from app.models import ApiToken, JobType, Place, User
from tests.e2e.conftest import screenshot, serious_accessibility_violations


def assert_accessible(page) -> None:
    assert serious_accessibility_violations(page) == []


def test_the_administration_home_leads_everywhere(manager_page, live_server):
    page = manager_page

    expect(page.get_by_role("heading", name="Администрирование", level=1)).to_be_visible()
    screenshot(page, "admin-home")
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Администрирование")
    for section in ("Склады", "Пользователи", "Виды работ", "API-токены", "Журнал команд"):
        expect(nav.get_by_role("link", name=section)).to_be_visible()


def test_a_manager_adds_and_edits_a_warehouse(manager_page):
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="Склады"
    ).click()

    page.get_by_label("ID склада").fill("wh-south")
    page.get_by_label("Название склада").fill("Склад Юг")
    page.get_by_label("Часовой пояс").select_option("Asia/Yekaterinburg")
    page.get_by_role("button", name="Добавить склад").click()

    expect(page.get_by_role("status").filter(has_text="Склад «Склад Юг» добавлен.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="wh-south")
    expect(row).to_contain_text("Asia/Yekaterinburg")
    screenshot(page, "admin-places")
    assert_accessible(page)

    # The same id again: refused on the form, what was typed stays.
    page.get_by_label("ID склада").fill("wh-south")
    page.get_by_label("Название склада").fill("Другой склад")
    page.get_by_role("button", name="Добавить склад").click()
    expect(page.locator("#place_id-error")).to_have_text("Склад с ID wh-south уже есть.")
    expect(page.get_by_label("Название склада")).to_have_value("Другой склад")
    screenshot(page, "admin-places-error")
    assert_accessible(page)

    page.goto(page.url)  # back to the plain list
    page.get_by_role("link", name="Изменить Склад Юг").click()
    page.get_by_label("Название склада").fill("Склад Южный")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("row").filter(has_text="wh-south")).to_contain_text("Склад Южный")

    page.get_by_role("link", name="Изменить Склад Южный").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Отключить склад").click()
    expect(page.get_by_role("row").filter(has_text="wh-south")).to_contain_text("Отключён")
    assert db.session.get(Place, "wh-south").active is False


def test_a_manager_adds_a_repairer_and_resets_his_pin(manager_page):
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="Пользователи"
    ).click()

    page.get_by_label("Табельный номер").fill("rep-5")
    page.get_by_label("Фамилия и имя").fill("Мария Кузнецова")
    page.get_by_label("Роль").select_option("repairer")
    page.get_by_label("PIN-код").fill("12")
    page.get_by_role("button", name="Добавить пользователя").click()
    expect(page.locator("#pin-error")).to_have_text("PIN-код — от 4 до 8 цифр.")

    page.get_by_label("PIN-код").fill("135790")
    page.get_by_role("button", name="Добавить пользователя").click()
    expect(page.get_by_role("row").filter(has_text="rep-5")).to_contain_text("Ремонтник")
    screenshot(page, "admin-users")
    assert_accessible(page)

    page.get_by_role("link", name="Изменить Мария Кузнецова").click()
    page.get_by_label("Новый PIN-код").fill("24682468")
    page.get_by_role("button", name="Сохранить новый PIN-код").click()
    expect(page.get_by_role("status").filter(has_text="Новый PIN-код")).to_be_visible()
    screenshot(page, "admin-user")
    assert_accessible(page)
    assert db.session.get(User, "rep-5").check_pin("24682468")


def test_a_manager_adds_a_job_type_moves_it_up_and_retires_it(manager_page):
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="Виды работ"
    ).click()

    page.get_by_label("Код").fill("battery_swap")
    page.get_by_label("Название по-русски").fill("Замена батареи")
    page.get_by_label("Название по-английски").fill("Battery swap")
    page.get_by_role("button", name="Добавить вид работ").click()
    row = page.locator("#job-type-battery_swap")
    expect(row).to_contain_text("Замена батареи")
    expect(page.locator("tbody tr").last).to_have_id("job-type-battery_swap")

    page.get_by_role("button", name="Поднять «Замена батареи» выше").click()
    expect(page.locator("tbody tr").nth(-2)).to_have_id("job-type-battery_swap")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Вывести «Замена батареи»").click()
    expect(page.locator("#job-type-battery_swap")).to_contain_text("Выведен")
    expect(page.get_by_role("button", name="Вернуть «Замена батареи»")).to_be_visible()
    page.locator("#job-type-battery_swap").scroll_into_view_if_needed()
    screenshot(page, "admin-job-types")
    assert_accessible(page)
    assert db.session.get(JobType, "battery_swap").active is False


def test_cancelling_the_confirmation_retires_nothing(manager_page):
    page = manager_page
    page.goto(page.url.replace("/admin/", "/admin/job-types"))

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Вывести «Грипсы (замена/очистка)»").click()

    expect(page.locator("#job-type-grips")).to_contain_text("Действует")
    assert db.session.get(JobType, "grips").active is True


def test_a_manager_creates_a_token_and_revokes_it(manager_page, live_server):
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="API-токены"
    ).click()

    page.get_by_label("Название токена").fill("chat-bot")
    page.get_by_role("button", name="Создать токен").click()
    raw = page.get_by_role("textbox", name="Новый токен").input_value()
    screenshot(page, "admin-tokens-new")
    assert_accessible(page)
    api = f"{live_server}/api/job-types"
    assert requests.get(api, headers={"Authorization": f"Bearer {raw}"}, timeout=5).ok

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Отозвать chat-bot").click()

    token = db.session.scalar(db.select(ApiToken))
    expect(page.locator(f"#token-{token.id}")).to_contain_text("Отозван")
    screenshot(page, "admin-tokens")
    answer = requests.get(api, headers={"Authorization": f"Bearer {raw}"}, timeout=5)
    assert answer.status_code == 401
    page.reload()  # sends the creating form again: no second token, no token shown
    expect(page.get_by_role("alert")).to_contain_text("новый токен не создан")
    expect(page.get_by_role("textbox", name="Новый токен")).to_have_count(0)
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 1
