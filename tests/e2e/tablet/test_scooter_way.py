"""One scooter's way back to the street, as its users live it: a complaint arrives through the
API, logistics sees it on the pick-up list, the repairer scans it in on the warehouse board,
repairs it with a job linked to the complaints, releases it; Drive then no longer shows the
resolved `broken` tag and shows the ready tag."""

from __future__ import annotations

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Complaint, StageEvent
from app.outbox.delivery import deliver_all_due
from tests import factories
from tests.e2e.conftest import screenshot
from tests.e2e.tablet.flows import choose_warehouse, fresh_rows, log_in

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
