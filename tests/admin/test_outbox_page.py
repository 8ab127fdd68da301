"""The Drive writes page: managers see what waits for Drive, what failed and why, and retry."""

from __future__ import annotations

from app.database import write_transaction
from app.outbox import backlog, deliver_due, enqueue
from tests.admin.conftest import page_text
from tests.support.pages import post_form


def _release(car: str, key: str, comment: str) -> None:
    with write_transaction():
        enqueue(car, "add_tag", {"tag": "ready_for_deployment", "comment": comment}, key)


def test_the_page_shows_the_backlog_and_each_attempt_in_russian(as_manager, simulator, app):
    car = simulator.scooter(number="0421").vehicle_id
    _release(car, "rel-1:ready", "после ремонта r-1")
    with write_transaction():
        enqueue(car, "remove_tag", {"oops": 1}, "rel-1:bad")
    simulator.set_faults("error500", scope="commands")
    deliver_due()

    text = page_text(as_manager.get("/admin/outbox"))

    assert "Записи в Drive" in text
    assert "Ждут Drive: 1" in text and "Отклонено: 1" in text
    assert "после ремонта r-1" in text and "ready_for_deployment" in text
    assert "1 попытка" in text and "drive_error" in text and "internal_error" in text

    rejected = page_text(as_manager.get("/admin/outbox?status=rejected"))
    assert "Снять тег" in rejected and "bad_payload" in rejected
    assert "&#34;oops&#34;: 1" in rejected or '"oops": 1' in rejected  # what was enqueued
    assert "после ремонта r-1" not in rejected


def test_the_page_speaks_english_on_request(as_manager, simulator):
    car = simulator.scooter(number="0421").vehicle_id
    _release(car, "rel-1:ready", "after repair r-1")

    post_form(as_manager, "/language/en", {"next": "/"})
    text = page_text(as_manager.get("/admin/outbox"))

    assert "Waiting for Drive: 1" in text and "Not tried yet" in text


def test_an_unknown_status_is_an_inline_message(as_manager):
    response = as_manager.get("/admin/outbox?status=lost")

    assert response.status_code == 400
    assert "Такого статуса нет" in page_text(response)


def test_retry_now_sends_the_waiting_writes_again_at_once(as_manager, simulator, app):
    app.config.update(OUTBOX_RETRY_SECONDS=3600, OUTBOX_RETRY_MAX_SECONDS=3600)
    car = simulator.scooter(number="0007").vehicle_id
    _release(car, "rel-1:ready", "r-1")
    simulator.set_faults("down")
    deliver_due()
    simulator.clear_faults()
    assert deliver_due().claimed == 0  # it waits out its hour

    response = post_form(as_manager, "/admin/outbox/retry", page="/admin/outbox")

    assert response.status_code == 303
    assert "Записей ждут Drive: 1" in page_text(as_manager.get(response.headers["Location"]))
    assert deliver_due().delivered == 1
    assert backlog().pending == 0
    ready = [t for t in simulator.current_tags(car) if t["tag"] == "ready_for_deployment"]
    assert len(ready) == 1


def test_repairers_cannot_see_it(as_repairer):
    assert as_repairer.get("/admin/outbox").status_code in (302, 403)
