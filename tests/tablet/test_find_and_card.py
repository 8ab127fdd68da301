"""Finding a scooter by number, link or short link, and what its card shows."""

from __future__ import annotations

import html

import pytest

from app.extensions import db
from app.models import Vehicle
from tests.factories import DEFAULT_PIN
from tests.support.pages import log_in, post_form
from tests.tablet.conftest import post, start_repair, text


def test_the_find_page_offers_scanning_and_typing(tablet):
    page = tablet.get("/t/")

    assert page.status_code == 200
    assert "Сканировать с фото" in text(page) and "Введите номер" in text(page)
    body = page.get_data(as_text=True)
    assert 'accept="image/*"' in body and 'capture="environment"' in body
    assert "jsQR.js" in body and '<script src="/static/vendor/jsqr' not in body  # loaded lazily
    assert page.headers["Cache-Control"] == "no-store" and "HX-Request" in page.headers["Vary"]


@pytest.mark.parametrize(
    "query",
    ["0421", " 04 21", "https://repair.example/s/0421", "https://go.example/scooter?number=0421"],
)
def test_a_typed_or_scanned_number_opens_the_card(tablet, query):
    response = tablet.get("/t/find", query_string={"q": query})

    assert response.status_code == 303
    assert response.headers["Location"] == "/t/scooter/0421"


def test_text_without_a_number_is_said_plainly_and_kept(tablet):
    response = tablet.get("/t/find", query_string={"q": "hello"})

    assert response.status_code == 422
    assert "«hello» — не номер самоката. Введите цифры с наклейки самоката" in text(response)
    assert 'value="hello"' in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_asks_for_a_number(tablet, query):
    response = tablet.get("/t/find", query_string={"q": query})

    assert response.status_code == 422
    page = text(response)
    assert "Введите номер самоката или отсканируйте его QR-код." in page
    assert "«»" not in page and "« »" not in page


@pytest.mark.parametrize(("typed", "plate"), [("421", "0421"), ("7", "0007"), ("13", "0013")])
def test_a_number_typed_without_its_leading_zeros_finds_the_scooter(tablet, typed, plate):
    response = tablet.get("/t/find", query_string={"q": typed})

    assert response.headers["Location"] == f"/t/scooter/{plate}"
    assert tablet.get(f"/t/scooter/{typed}").headers["Location"] == f"/t/scooter/{plate}"
    assert f"Самокат {plate}" in text(tablet.get(f"/t/scooter/{typed}", follow_redirects=True))


@pytest.mark.parametrize("path", ["/t/find?q=", "/t/scooter/"])
def test_a_long_input_is_quoted_back_short(tablet, path):
    typed = "x" * 5000

    response = tablet.get(path + typed)

    body = response.get_data(as_text=True)
    assert response.status_code in (404, 422)
    assert "x" * 40 not in text(response)  # quoted, cut short with "…"
    assert "x" * 39 + "…" in text(response)
    assert 'value="' + "x" * 301 not in body  # not even in the field


def test_search_errors_speak_english_on_request(tablet):
    post(tablet, "/language/en", {"next": "/t/"})

    empty = html.unescape(text(tablet.get("/t/find", query_string={"q": ""})))
    wrong = html.unescape(text(tablet.get("/t/find", query_string={"q": "hello"})))

    assert "Type the scooter's number, or scan its QR code." in empty
    assert "“hello” is not a scooter number. Type the digits from the scooter's label" in wrong


def test_the_number_field_shows_no_real_scooter_number(tablet):
    body = tablet.get("/t/").get_data(as_text=True)

    assert 'placeholder="Цифры с наклейки"' in body


def test_an_unknown_number_says_so(tablet):
    response = tablet.get("/t/scooter/9999")

    assert response.status_code == 404
    assert "Самоката с номером 9999 нет." in text(response)


def test_the_card_shows_what_drive_knows_and_our_history(tablet, simulator):
    scooter = simulator.scooter(number="0421")

    page = text(tablet.get("/t/scooter/0421"))

    assert "Самокат 0421" in page and "Ninebot Max G30" in page
    assert "1 834,2 км" in page and "64 %" in page
    for block, version in scooter.firmware.items():
        assert f"{block.upper()} {version}" in page
    newest, older = "не работает задний тормоз", "не горит фара"
    assert page.index(newest) < page.index(older)  # complaints newest first
    assert "выполненных ремонтов ещё не было" in page and "Начать ремонт" in page


def test_the_card_lists_the_last_repairs_and_km_since(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "brake_cable"})
    post(tablet, "/t/jobs/j-1/finish", {"status": "completed"})
    # Answered the question of which complaints it resolved: none ticked.
    post(tablet, "/t/repairs/r-1/finish", {"status": "completed", "complaints_asked": "1"})

    page = text(tablet.get("/t/scooter/0421"))

    assert "Последние ремонты" in page and "Выполнено" in page
    assert "Порванный трос тормоза (замена)" in page and "Иван Петров" in page
    assert "С последнего ремонта 0 км" in page


def test_a_scooter_seen_before_opens_from_our_records_and_then_asks_drive(tablet, simulator):
    tablet.get("/t/scooter/0421")  # seen once: we know its id, model and mileage
    simulator.set_faults("timeout")  # Drive would hold the page up, then fail

    response = tablet.get("/t/scooter/0421")

    assert response.status_code == 200
    page = text(response)
    assert "Самокат 0421" in page and "Ninebot Max G30" in page and "Начать ремонт" in page
    assert "1 834,2 км (последнее известное)" in page
    assert "Спрашиваем у Drive, что с самокатом сейчас…" in page
    assert "banner-bad" not in response.get_data(as_text=True)  # Drive was not waited for
    assert 'hx-get="/t/scooter/0421/drive"' in response.get_data(as_text=True)


def test_the_cards_live_part_shows_what_drive_says(tablet, simulator):
    tablet.get("/t/scooter/0421")

    live = text(tablet.get("/t/scooter/0421/drive"))

    assert "1 834,2 км" in live and "последнее известное" not in live
    assert "64 %" in live
    # Drive's complaints are ours now: the complaints panel lists them.
    panel = text(
        tablet.get(f"/t/scooter-id/{simulator.scooter(number='0421').vehicle_id}/complaints")
    )
    assert "не работает задний тормоз" in panel
    assert "Спрашиваем у Drive" not in live


def test_with_drive_down_the_card_shows_a_banner_and_what_we_know(tablet, simulator):
    tablet.get("/t/scooter/0421")  # seen once: we know its id and model
    simulator.set_faults("down")

    response = tablet.get("/t/scooter/0421/drive")

    assert response.status_code == 200
    live = text(response)
    assert "Drive сейчас недоступен." in live and "Ниже — то, что мы знаем." in live
    assert "1 834,2 км (последнее известное)" in live


def test_with_drive_down_a_never_seen_number_cannot_be_opened(tablet, simulator):
    simulator.set_faults("down")

    response = tablet.get("/t/scooter/0007")

    assert response.status_code == 503
    assert "Drive не отвечает, а самокат 0007 нам ещё не встречался" in text(response)


def test_a_scooter_in_someone_elses_repair_names_its_repairer(client, workshop, simulator):
    log_in(client, "rep-2", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    start_repair(client, simulator, token="r-2")
    post(client, "/logout")
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})

    page = text(client.get("/t/scooter/0421"))

    assert "Сейчас его ремонтирует Пётр Иванов" in page
    assert "Начать ремонт" not in page


def test_a_repairer_busy_elsewhere_is_pointed_to_his_repair(tablet, simulator):
    start_repair(tablet, simulator, number="0421")

    page = text(tablet.get("/t/scooter/0007"))

    assert "У вас идёт ремонт: самокат 0421." in page and "К моему ремонту" in page
    assert "Начать ремонт" not in page
    assert "Продолжить ремонт" in text(tablet.get("/t/"))


def test_the_card_of_my_own_repair_offers_to_resume_it(tablet, simulator):
    start_repair(tablet, simulator)

    response = tablet.get("/t/scooter/0421")

    assert "Продолжить ремонт" in text(response)
    assert 'href="/t/repairs/r-1"' in response.get_data(as_text=True)


def test_a_short_link_opens_the_scooter(tablet):
    response = tablet.get("/s/0421")

    assert response.status_code == 302 and response.headers["Location"] == "/t/scooter/0421"


def test_a_short_link_without_a_number_goes_to_the_find_page(tablet):
    response = tablet.get("/s/hello", follow_redirects=True)

    assert "«hello» — не номер самоката. Введите цифры с наклейки" in text(response)


def test_a_short_link_survives_logging_in_and_choosing_the_warehouse(client, workshop):
    first = client.get("/s/0421")
    login_page = first.headers["Location"]
    assert login_page == "/login?next=/t/scooter/0421"
    said = text(client.get(login_page))
    assert "Войдите по табельному номеру и PIN-коду, чтобы открыть эту страницу." in said
    assert "Please log in" not in said

    logged_in = post_form(client, login_page, {"performer_id": "rep-1", "pin": DEFAULT_PIN})
    assert logged_in.headers["Location"] == "/t/scooter/0421"
    place_page = client.get("/t/scooter/0421")
    assert place_page.headers["Location"] == "/t/place?next=/t/scooter/0421"
    assert 'name="next" value="/t/scooter/0421"' in client.get(place_page.headers["Location"]).text
    chosen = post(
        client, "/t/place", {"place_id": "wh-1", "next": "/t/scooter/0421"}, follow_redirects=True
    )

    assert "Самокат 0421" in text(chosen)
    assert "Самокат 0421" not in text(client.get("/t/"))  # only once


def test_the_card_speaks_english_on_request(tablet):
    post(tablet, "/language/en", {"next": "/t/"})

    page = text(tablet.get("/t/scooter/0421"))

    assert "Scooter 0421" in page and "Start repair" in page and "1,834.2 km" in page


def test_a_plate_moved_to_another_scooter_is_looked_up_again(tablet, simulator):
    other = simulator.scooter(number="0421").vehicle_id  # Drive: this car is 0421
    db.session.add(Vehicle(vehicle_id=other, number="0007", model="x", mileage_km=1.0))
    db.session.commit()  # but we remember it as 0007

    live = tablet.get("/t/scooter/0007/drive", headers={"HX-Request": "true"})

    assert live.headers["HX-Redirect"] == "/t/scooter/0007"
    page = text(tablet.get("/t/scooter/0007"))
    assert "Самокат 0007" in page and "Спрашиваем у Drive" not in page  # asked Drive by plate
    assert db.session.get(Vehicle, other).number == "0421"


def test_a_scooter_drive_no_longer_knows_says_so_in_place(tablet, simulator):
    db.session.add(Vehicle(vehicle_id="gone-1", number="0999", model="x", mileage_km=1.0))
    db.session.commit()

    live = tablet.get("/t/scooter/0999/drive", headers={"HX-Request": "true"})

    assert live.status_code == 404 and live.headers["HX-Error-Fragment"] == "1"
    assert "Drive больше не знает самокат 0999." in text(live)


def test_the_card_shows_why_the_last_repair_ended_as_it_did(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/finish", {"status": "failed", "comment": "трещина в раме"})

    page = text(tablet.get("/t/scooter/0421"))

    assert "Не удалось" in page and "трещина в раме" in page
