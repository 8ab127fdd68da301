"""Choosing the warehouse starts the shift; the tablet remembers it for the next person."""

from __future__ import annotations

from sqlalchemy import select

from app.admin.services import update_place
from app.extensions import db
from app.models import Shift
from tests import factories
from tests.factories import DEFAULT_PIN
from tests.support.pages import log_in
from tests.tablet.conftest import post, text


def shifts_of(performer_id: str) -> list[Shift]:
    query = select(Shift).where(Shift.performer_id == performer_id).order_by(Shift.id)
    return list(db.session.scalars(query))


def test_a_stranger_is_sent_to_the_login_page(client, workshop):
    for path in ("/t/", "/t/place", "/t/scooter/0421", "/t/repairs/r-1"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_after_logging_in_a_repairer_is_asked_for_the_warehouse(client, workshop):
    factories.make_place("wh-2", "Склад Юг")
    log_in(client, "rep-1", DEFAULT_PIN)

    landing = client.get("/", follow_redirects=True)

    assert "Где вы сегодня работаете?" in text(landing)
    assert "Склад Север" in text(landing) and "Склад Юг" in text(landing)


def test_choosing_a_warehouse_starts_the_shift_and_remembers_it_on_the_tablet(client, workshop):
    log_in(client, "rep-1", DEFAULT_PIN)

    response = post(client, "/t/place", {"place_id": "wh-1"})

    assert response.status_code == 303 and response.headers["Location"] == "/t/"
    assert "tablet_place=wh-1" in response.headers["Set-Cookie"]
    assert "Max-Age=31536000" in response.headers["Set-Cookie"]
    [shift] = shifts_of("rep-1")
    assert shift.place_id == "wh-1" and shift.ended_at is None
    assert "Склад Север" in text(client.get("/t/"))  # shown in the top bar


def test_the_next_person_finds_the_tablets_warehouse_first(client, workshop):
    factories.make_place("wh-0", "Аэропорт")  # sorts before "Склад Север"
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    post(client, "/logout")

    log_in(client, "rep-2", DEFAULT_PIN)
    page = text(client.get("/t/place"))

    assert page.index("Склад Север") < page.index("Аэропорт")
    assert "склад этого планшета" in page


def test_switching_warehouse_ends_the_old_shift(tablet, workshop):
    factories.make_place("wh-2", "Склад Юг")

    post(tablet, "/t/place", {"place_id": "wh-2"})

    old, new = shifts_of("rep-1")
    assert (old.place_id, new.place_id) == ("wh-1", "wh-2")
    assert old.ended_at is not None and new.ended_at is None
    assert "Склад Юг" in text(tablet.get("/t/"))


def test_an_unknown_warehouse_is_refused_with_a_message(client, workshop):
    factories.make_place("wh-old", "Закрытый", active=False)
    log_in(client, "rep-1", DEFAULT_PIN)

    response = post(client, "/t/place", {"place_id": "wh-old"}, follow_redirects=True)

    assert "Этот склад больше не используется" in text(response)
    assert shifts_of("rep-1") == []


def test_ending_the_shift_sends_back_to_the_warehouse_choice(tablet):
    response = post(tablet, "/t/shift/end", follow_redirects=True)

    assert "Ваша смена завершена" in text(response)
    assert shifts_of("rep-1")[0].ended_at is not None
    assert tablet.get("/t/").headers["Location"].startswith("/t/place")


def test_pages_need_a_shift_and_come_back_after_the_choice(client, workshop):
    log_in(client, "rep-1", DEFAULT_PIN)

    response = client.get("/t/scooter/0421")
    assert response.status_code == 302
    assert response.headers["Location"] == "/t/place?next=/t/scooter/0421"

    chosen = post(client, "/t/place", {"place_id": "wh-1", "next": "/t/scooter/0421"})
    assert chosen.headers["Location"] == "/t/scooter/0421"


def test_next_never_leaves_the_tablet_app(client, workshop):
    log_in(client, "rep-1", DEFAULT_PIN)

    for bad in ("https://evil.example/", "//evil.example/t/", "/admin/"):
        response = post(client, "/t/place", {"place_id": "wh-1", "next": bad})
        assert response.headers["Location"] == "/t/"


def test_a_manager_may_use_the_tablet_too(client, workshop):
    factories.make_user("boss", "Мария Менеджер", role="manager")
    log_in(client, "boss", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})

    assert client.get("/t/").status_code == 200


def test_choosing_without_a_csrf_token_is_refused(client, workshop):
    log_in(client, "rep-1", DEFAULT_PIN)

    response = client.post("/t/place", data={"place_id": "wh-1"})

    assert response.status_code == 400
    assert shifts_of("rep-1") == []


def test_times_are_shown_in_the_warehouses_time_zone(client, workshop, simulator):
    from zoneinfo import ZoneInfo

    from app.models import Repair
    from tests.tablet.conftest import start_repair

    factories.make_place("wh-ekb", "Склад Урал", timezone="Asia/Yekaterinburg")
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-ekb"})
    start_repair(client, simulator)

    repair = db.session.scalar(select(Repair))
    local = repair.started_at.astimezone(ZoneInfo("Asia/Yekaterinburg")).strftime("%H:%M")
    moscow = repair.started_at.astimezone(ZoneInfo("Europe/Moscow")).strftime("%H:%M")
    page = text(client.get("/t/repairs/r-1"))
    assert (
        f"начат {repair.started_at.astimezone(ZoneInfo('Asia/Yekaterinburg')):%d.%m.%Y} {local}"
        in page
    )
    assert local != moscow


def test_htmx_choice_navigates_with_hx_redirect(client, workshop):
    from tests.tablet.conftest import hx_post

    log_in(client, "rep-1", DEFAULT_PIN)

    response = hx_post(client, "/t/place", {"place_id": "wh-1"})

    assert response.headers["HX-Redirect"] == "/t/"
    assert "tablet_place=wh-1" in response.headers["Set-Cookie"]


def test_an_english_tablet_shows_a_warehouses_english_name(tablet):
    update_place("wh-1", "Склад Север", "Europe/Moscow", "North depot")
    russian = tablet.get("/t/place").get_data(as_text=True)
    post(tablet, "/language/en", {"next": "/t/"})

    english = tablet.get("/t/place").get_data(as_text=True)

    assert "Склад Север" in russian and "North depot" not in russian
    assert "North depot" in english
