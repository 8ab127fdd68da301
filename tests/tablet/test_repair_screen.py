"""Starting a repair from the card, the repair screen and finishing it."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Repair
from tests.factories import DEFAULT_PIN
from tests.support.pages import log_in
from tests.tablet.conftest import hx_post, post, start_repair, text, vehicle_id_of


def count_repairs() -> int:
    return db.session.scalar(select(func.count()).select_from(Repair))


def finish_a_job(client, job_type: str = "brake_cable", status: str = "completed") -> None:
    post(client, "/t/repairs/r-1/jobs", {"job_id": f"j-{job_type}", "type": job_type})
    post(client, f"/t/jobs/j-{job_type}/finish", {"status": status})


def test_starting_a_repair_opens_the_repair_screen(tablet, simulator):
    response = start_repair(tablet, simulator)

    assert response.status_code == 303 and response.headers["Location"] == "/t/repairs/r-1"
    repair = db.session.scalar(select(Repair))
    assert (repair.performer_id, repair.place_id) == ("rep-1", "wh-1")
    assert repair.vehicle_id == vehicle_id_of(simulator, "0421")
    assert repair.mileage_km_at_start == 1834.2
    page = text(tablet.get("/t/repairs/r-1"))
    assert "Ремонт самоката 0421" in page and "Нажмите на работу" in page


def test_job_buttons_are_the_active_types_in_managers_order_each_with_a_token(tablet, simulator):
    from app.models import JobType

    db.session.get(JobType, "grips").position = 1  # managers moved it first
    db.session.get(JobType, "wrapping").active = False  # and retired another
    db.session.commit()
    start_repair(tablet, simulator)

    body = tablet.get("/t/repairs/r-1").get_data(as_text=True)

    codes = [part.split('"')[0] for part in body.split('data-job-type="')[1:]]
    assert codes[0] == "grips" and "wrapping" not in codes and len(codes) == 9
    tokens = [part.split('"')[0] for part in body.split('name="job_id" value="')[1:]]
    assert len(set(tokens)) == 9 and all(len(t) == 32 for t in tokens)


def test_a_double_submitted_start_makes_one_repair(tablet, simulator):
    first = start_repair(tablet, simulator)
    second = start_repair(tablet, simulator)

    assert first.headers["Location"] == second.headers["Location"] == "/t/repairs/r-1"
    assert count_repairs() == 1


def test_htmx_start_navigates_with_hx_redirect(tablet, simulator):
    data = {"repair_id": "r-1", "vehicle_id": vehicle_id_of(simulator, "0421"), "number": "0421"}

    response = hx_post(tablet, "/t/repairs", data, target="start-repair")

    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/t/repairs/r-1"


def test_a_scooter_in_someone_elses_repair_is_refused_naming_him(client, workshop, simulator):
    log_in(client, "rep-2", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    start_repair(client, simulator, token="r-2")
    post(client, "/logout")
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    data = {"repair_id": "r-1", "vehicle_id": vehicle_id_of(simulator, "0421"), "number": "0421"}

    response = hx_post(client, "/t/repairs", data, target="start-repair")

    assert response.status_code == 409 and response.headers["HX-Error-Fragment"] == "1"
    assert "Этот самокат уже ремонтирует Пётр Иванов." in text(response)
    assert count_repairs() == 1


def test_a_repairer_with_another_repair_open_is_taken_to_it(tablet, simulator):
    start_repair(tablet, simulator, number="0421", token="r-1")

    response = start_repair(tablet, simulator, number="0007", token="r-2")

    assert response.headers["Location"] == "/t/repairs/r-1"
    assert "У вас уже идёт ремонт — вот он." in text(tablet.get("/t/repairs/r-1"))
    assert count_repairs() == 1


def test_bad_tokens_and_unknown_scooters_are_refused_plainly(tablet, simulator):
    for data in (
        {"repair_id": "", "vehicle_id": "x"},
        {"repair_id": "has spaces", "vehicle_id": "x"},
        {"repair_id": "r" * 65, "vehicle_id": "x"},
    ):
        response = hx_post(tablet, "/t/repairs", {**data, "number": "0421"}, target="start-repair")
        assert response.status_code == 400
        assert "Страница устарела" in text(response)
    unknown = hx_post(
        tablet, "/t/repairs", {"repair_id": "r-9", "vehicle_id": "nope"}, target="start-repair"
    )
    assert unknown.status_code == 422 and "В Drive нет такого самоката." in text(unknown)
    assert count_repairs() == 0


def test_an_error_without_htmx_comes_back_to_the_card(tablet, simulator):
    response = post(
        tablet, "/t/repairs", {"repair_id": "bad token", "vehicle_id": "x", "number": "0421"}
    )

    assert response.status_code == 303 and response.headers["Location"] == "/t/scooter/0421"


def test_starting_a_repair_without_csrf_is_refused(tablet, simulator):
    response = tablet.post(
        "/t/repairs", data={"repair_id": "r-1", "vehicle_id": vehicle_id_of(simulator, "0421")}
    )

    assert response.status_code == 400 and count_repairs() == 0


def test_someone_elses_repair_page_says_whose_it_is(client, workshop, simulator):
    log_in(client, "rep-2", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})
    start_repair(client, simulator, token="r-2")
    post(client, "/logout")
    log_in(client, "rep-1", DEFAULT_PIN)
    post(client, "/t/place", {"place_id": "wh-1"})

    response = client.get("/t/repairs/r-2")
    job = post(client, "/t/repairs/r-2/jobs", {"job_id": "j-1", "type": "grips"})

    assert response.status_code == 403
    assert "Этот ремонт ведёт Пётр Иванов." in text(response)
    assert job.headers["Location"] == "/t/repairs/r-2"
    assert db.session.scalar(select(Repair)).jobs == []


def test_an_unknown_repair_is_a_plain_404(tablet):
    response = tablet.get("/t/repairs/nope")

    assert response.status_code == 404 and "Не найдено" in text(response)


def test_finishing_is_disabled_with_the_reason(tablet, simulator):
    start_repair(tablet, simulator)
    assert "Сначала отметьте хотя бы одну работу" in text(tablet.get("/t/repairs/r-1"))

    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})
    page = tablet.get("/t/repairs/r-1").get_data(as_text=True)

    assert "Работа ещё идёт: сначала завершите её." in page
    assert 'disabled aria-describedby="finish-reason"' in page


def test_finishing_too_early_says_why_and_keeps_the_comment(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})

    response = hx_post(
        tablet,
        "/t/repairs/r-1/finish",
        {"status": "completed", "comment": "поменял грипсы"},
        target="finish",
    )

    assert response.status_code == 409
    assert "Работа ещё идёт" in text(response) and "поменял грипсы" in text(response)


def test_a_completed_repair_shows_its_summary(tablet, simulator):
    start_repair(tablet, simulator)
    finish_a_job(tablet, "brake_cable", "completed")
    finish_a_job(tablet, "grips", "failed")

    answered = {"status": "completed", "complaints_asked": "1"}  # none resolved
    response = hx_post(tablet, "/t/repairs/r-1/finish", answered, target="finish")

    assert response.headers["HX-Redirect"] == "/t/repairs/r-1"
    repair = db.session.scalar(select(Repair))
    assert repair.status == "completed"
    page = text(tablet.get("/t/repairs/r-1"))
    assert "Выполнено" in page and "Не удалось" in page and "Следующий самокат" in page


def test_a_repair_can_end_as_failed_with_a_comment(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/jobs", {"job_id": "j-1", "type": "grips"})

    post(tablet, "/t/repairs/r-1/finish", {"status": "failed", "comment": "  нужна новая дека  "})

    repair = db.session.scalar(select(Repair))
    assert (repair.status, repair.comment) == ("failed", "нужна новая дека")
    assert repair.jobs[0].status == "cancelled"


def test_a_repair_can_be_cancelled_without_a_comment(tablet, simulator):
    start_repair(tablet, simulator)

    post(tablet, "/t/repairs/r-1/finish", {"status": "cancelled"})

    repair = db.session.scalar(select(Repair))
    assert (repair.status, repair.comment) == ("cancelled", None)


def test_a_bad_end_status_is_refused(tablet, simulator):
    start_repair(tablet, simulator)

    response = hx_post(tablet, "/t/repairs/r-1/finish", {"status": "performing"}, target="finish")

    assert response.status_code == 400 and db.session.scalar(select(Repair)).is_active


def test_another_end_after_the_first_is_refused(tablet, simulator):
    start_repair(tablet, simulator)
    post(tablet, "/t/repairs/r-1/finish", {"status": "cancelled"})

    response = post(tablet, "/t/repairs/r-1/finish", {"status": "failed"}, follow_redirects=True)

    assert "Это уже завершено с другим результатом." in text(response)


def test_with_drive_down_a_repair_still_starts(tablet, simulator):
    tablet.get("/t/scooter/0421")
    simulator.set_faults("down")

    response = start_repair(tablet, simulator)

    assert response.headers["Location"] == "/t/repairs/r-1"
    assert db.session.scalar(select(Repair)).mileage_km_at_start is None
    assert "Ремонт самоката 0421" in text(tablet.get("/t/repairs/r-1"))


def test_the_finish_widget_refreshes_on_its_own(tablet, simulator):
    start_repair(tablet, simulator)

    response = tablet.get(
        "/t/repairs/r-1", headers={"HX-Request": "true", "HX-Target": "finish-complete"}
    )

    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="finish-complete"') and "<html" not in body
