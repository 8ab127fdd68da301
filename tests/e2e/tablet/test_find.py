"""Finding a scooter: a QR label's short link, a photo of a code, the camera."""

from __future__ import annotations

import base64
import io

import pytest
import segno
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import screenshot
from tests.e2e.tablet.flows import RU, choose_warehouse, log_in, on_shift

# A fake camera: a canvas stream showing IMAGE (a data: URL) on a white background.
FAKE_CAMERA = """
(() => {
  navigator.mediaDevices.getUserMedia = async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 640; canvas.height = 480;
    const ctx = canvas.getContext("2d");
    const image = new Image();
    image.src = "IMAGE";
    await image.decode().catch(() => {});
    const draw = () => {
      ctx.fillStyle = "#8a8f98"; ctx.fillRect(0, 0, 640, 480);
      if (image.naturalWidth) ctx.drawImage(image, 170, 90, 300, 300);
    };
    draw(); setInterval(draw, 100);
    return canvas.captureStream(10);
  };
})();
"""


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make_qr(text).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


@pytest.fixture
def workshop(app):
    factories.make_place("wh-1", "Склад Север")
    factories.make_user("rep-1", "Иван Петров")


def test_a_short_link_opens_the_right_scooter_after_logging_in(live_server, page, workshop):
    page.goto(f"{live_server}/s/0007")

    log_in(page, live_server)
    choose_warehouse(page)

    expect(page.get_by_role("heading", name="Самокат 0007")).to_be_visible()
    expect(page.get_by_text("Xiaomi Pro 2")).to_be_visible()


def test_a_short_link_on_a_tablet_in_use_opens_the_card_directly(live_server, page, workshop):
    on_shift(page, live_server)

    page.goto(f"{live_server}/s/0421")

    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible()


def test_a_photo_of_a_rental_qr_code_opens_the_scooter(live_server, page, workshop, tmp_path):
    photo = tmp_path / "code.png"
    photo.write_bytes(qr_png("https://go.example/scooter?number=0100"))
    on_shift(page, live_server)
    assert page.evaluate("() => typeof window.jsQR") == "undefined"  # not loaded up front

    page.locator("input[type=file]").set_input_files(str(photo))

    # jsQR decodes in the page: seconds of CPU on a busy 2-core machine.
    expect(page.get_by_role("heading", name="Самокат 0100")).to_be_visible(timeout=20_000)


def test_a_photo_without_a_code_says_so(live_server, page, workshop, tmp_path):
    photo = tmp_path / "blank.png"
    photo.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
        )
    )
    on_shift(page, live_server)

    page.locator("input[type=file]").set_input_files(str(photo))

    expect(page.locator("[data-scan-status]")).to_contain_text("На фото не найден QR-код")


def test_the_camera_reads_our_label(live_server, page, workshop):
    image = "data:image/png;base64," + base64.b64encode(qr_png(f"{live_server}/s/0421")).decode()
    page.add_init_script(FAKE_CAMERA.replace("IMAGE", image))
    on_shift(page, live_server)
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))

    page.get_by_role("button", name="Сканировать камерой").click()

    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible(timeout=20_000)
    assert any("jsqr-1.4.0/jsQR.js" in url for url in scripts)  # loaded on demand


def test_the_camera_view_while_looking_for_a_code(live_server, page, workshop):
    page.add_init_script(FAKE_CAMERA.replace("IMAGE", ""))
    on_shift(page, live_server)

    page.get_by_role("button", name="Сканировать камерой").click()

    expect(page.locator("[data-scan-status]")).to_have_text("Наведите камеру на QR-код.")
    expect(page.locator("video")).to_be_visible()
    screenshot(page, "tablet-scan-camera")
    page.get_by_role("button", name="Выключить камеру").click()
    expect(page.locator("video")).to_be_hidden()
    assert RU.lang == "ru"


def test_a_scooter_seen_before_opens_at_once_and_fills_in_drives_live_state(
    live_server, page, workshop, simulator
):
    on_shift(page, live_server)
    page.goto(f"{live_server}/t/scooter/0421")  # first sight: Drive is asked before showing it
    expect(page.get_by_text("64 %")).to_be_visible()

    response = page.goto(f"{live_server}/t/scooter/0421")

    assert "Спрашиваем у Drive" in response.text()  # shown from our records at first
    expect(page.get_by_role("heading", name="Самокат 0421")).to_be_visible()
    expect(page.get_by_role("button", name=RU.start_repair)).to_be_visible()
    expect(page.get_by_text("64 %")).to_be_visible()
    expect(page.get_by_text("не работает задний тормоз")).to_be_visible()
    expect(page.get_by_text("Спрашиваем у Drive")).to_have_count(0)
