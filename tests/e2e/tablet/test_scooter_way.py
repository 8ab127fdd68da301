"""One scooter's way back to the street, as its users live it: a complaint arrives through the
API, logistics sees it on the pick-up list, the repairer scans it in on the warehouse board,
repairs it with a job linked to the complaints, releases it; Drive then no longer shows the
resolved `broken` tag and shows the ready tag, and once it is back on the street the manager
reads its stages in the true downtime. With Drive down at the release, the release is recorded
at once and reaches Drive when it is back, exactly once."""

from __future__ import annotations

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Complaint, StageEvent
from app.outbox.delivery import deliver_all_due
from app.outbox.listing import retry_waiting_now
from tests import factories
from tests.e2e.conftest import screenshot
from tests.e2e.tablet.flows import choose_warehouse, fresh_rows, log_in, on_shift, type_number

STEM = "Люфт стойки (подтяжка/замена подшипника)"


def test_a_complaint_to_the_street(live_server, page, app, simulator):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    factories.make_user("boss", "Анна Смирнова", role="manager")
    token = factories.make_token("mission-app")
    page.on("dialog", lambda dialog: dialog.accept())
    scooter = simulator.scooter(number="0007")
    (stem_tag,) = [t for t in simulator.current_tags(scooter.vehicle_id) if t["tag"] == "broken"]

    # The relocation-mission app files a complaint about scooter 0007.
    filed = requests.post(
        f"{live_server}/api/complaints",
        json={
            "complaint_id": "mission-42",
            "number": "0007",
            "source": "relocation_mission",
            "text": "руль болтается, скрипит",
            "reported_by": "mission-42",
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert filed.status_code == 201

    # Logistics (a manager here) sees it on the pick-up list.
    log_in(page, live_server, "boss")
    page.goto(f"{live_server}/manager/pickup")
    row = page.locator("tr", has_text="0007")
    expect(row).to_contain_text("руль болтается, скрипит")
    expect(row).to_contain_text("люфт руля")  # Drive's own broken tag, imported once
    page.get_by_role("button", name="Выйти").click()

    # At the warehouse the repairer scans it in on the board.
    log_in(page, live_server, "rep-1")
    choose_warehouse(page)
    page.get_by_role("link", name="Доска склада").click()
    page.get_by_label("Принять прибывший самокат").fill("0007")
    page.get_by_role("button", name="Принять", exact=True).click()
    waiting = page.locator("[data-column=waiting]")
    expect(waiting).to_contain_text("0007")
    expect(waiting).to_contain_text("руль болтается, скрипит")
    screenshot(page, "tablet-warehouse-board")

    # The repair: one job, linked with one tap to each complaint it addresses.
    waiting.get_by_role("link", name="0007").click()
    page.get_by_role("button", name="Начать ремонт").click()
    page.locator("#jobs").get_by_role("button", name=STEM).click()
    complaints = page.locator("#complaints")
    for text in ("руль болтается, скрипит", "люфт руля"):
        link = complaints.locator("li", has_text=text).get_by_role("button", name=STEM)
        link.click()
        expect(
            complaints.locator("li", has_text=text).get_by_role("button", name=STEM)
        ).to_have_attribute("aria-pressed", "true")
    page.locator("#jobs .job-performing").get_by_role("button", name="Готово").click()
    # The finish panel asks which complaints the repair resolved, pre-ticked from the links:
    # the same tap that finishes answers it.
    resolution = page.locator("#finish .resolution")
    expect(resolution.get_by_role("checkbox", name="руль болтается, скрипит")).to_be_checked()
    expect(resolution.get_by_role("checkbox", name="люфт руля")).to_be_checked()
    page.get_by_role("button", name="Завершить ремонт").click()
    expect(page.get_by_role("link", name="Следующий самокат")).to_be_visible()

    # Ready to go out: released from the card.
    page.get_by_role("link", name="Карточка самоката").click()
    page.locator("#way").get_by_role("button", name="Выпустить: готов к выезду").click()
    expect(page.locator("#way")).to_contain_text("Выпущен, готов к выезду")

    stages = [e.stage for e in fresh_rows(select(StageEvent).order_by(StageEvent.id))]
    assert stages == ["arrived", "released"]
    statuses = {c.text: c.status for c in fresh_rows(select(Complaint))}
    assert statuses == {"руль болтается, скрипит": "resolved", "люфт руля": "resolved"}

    # Drive hears of it (the outbox's delivery, run here as its worker would).
    with app.app_context():
        deliver_all_due()
    tags = simulator.current_tags(scooter.vehicle_id)
    assert stem_tag["tag_id"] not in [t["tag_id"] for t in tags]
    assert [t["tag"] for t in tags if t["tag"] == "ready_for_deployment"] == [
        "ready_for_deployment"
    ]

    # Logistics puts it back on the street; the manager reads its way in the statistics.
    street = requests.post(
        f"{live_server}/api/scooters/stages",
        json={"event_id": "street-1", "number": "0007", "stage": "back_on_street"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert street.status_code == 201
    page.get_by_role("button", name="Выйти").click()
    log_in(page, live_server, "boss")
    page.goto(f"{live_server}/manager/stats")
    expect(page.locator("#way-tiles .tile-value").first).to_have_text("1")
    for stage in ("waiting_pickup", "waiting_warehouse", "in_repair", "waiting_out", "total"):
        expect(page.locator(f"#way-stages tr[data-stage={stage}] td").first).to_have_text("1")


def test_a_release_with_drive_down_reaches_drive_once_when_it_is_back(
    live_server, page, app, simulator
):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")
    page.on("dialog", lambda dialog: dialog.accept())
    scooter = simulator.scooter(number="0007")
    (stem_tag,) = [t for t in simulator.current_tags(scooter.vehicle_id) if t["tag"] == "broken"]

    # Scanned in from its card, repaired with the job linked to Drive's complaint.
    on_shift(page, live_server)
    type_number(page, "0007")
    page.locator("#way").get_by_role("button", name="Принять на этот склад").click()
    expect(page.locator("#way")).to_contain_text("Принят на склад")
    page.get_by_role("button", name="Начать ремонт").click()
    page.locator("#jobs").get_by_role("button", name=STEM).click()
    complaint = page.locator("#complaints li", has_text="люфт руля")
    complaint.get_by_role("button", name=STEM).click()
    expect(complaint.get_by_role("button", name=STEM)).to_have_attribute("aria-pressed", "true")
    page.locator("#jobs .job-performing").get_by_role("button", name="Готово").click()
    expect(page.locator("#finish").get_by_role("checkbox", name="люфт руля")).to_be_checked()
    page.get_by_role("button", name="Завершить ремонт").click()
    expect(page.get_by_role("link", name="Следующий самокат")).to_be_visible()

    # Drive goes down; the release is recorded at once all the same.
    simulator.set_faults("down")
    page.get_by_role("link", name="Карточка самоката").click()
    page.locator("#way").get_by_role("button", name="Выпустить: готов к выезду").click()
    expect(page.locator("#way")).to_contain_text("Выпущен, готов к выезду")
    with app.app_context():
        deliver_all_due()  # Drive still down: the writes wait
    assert stem_tag["tag_id"] in [t["tag_id"] for t in simulator.current_tags(scooter.vehicle_id)]

    # Drive is back: the writes reach it (retried at once, as the manager's "Retry now"
    # does, rather than after their pause), and a second delivery run changes nothing.
    simulator.clear_faults()
    with app.app_context():
        retry_waiting_now()
        deliver_all_due()
        deliver_all_due()
    tags = simulator.current_tags(scooter.vehicle_id)
    assert stem_tag["tag_id"] not in [t["tag_id"] for t in tags]
    assert [t["tag"] for t in tags if t["tag"] == "ready_for_deployment"] == [
        "ready_for_deployment"
    ]
    applied = [w for w in simulator.tag_writes(scooter.vehicle_id) if w.applied]
    assert sorted((w.op, w.tag or w.tag_id) for w in applied) == [
        ("add", "ready_for_deployment"),
        ("remove", stem_tag["tag_id"]),
    ]
