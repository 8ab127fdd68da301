"""A manager prints QR labels; each QR code, read back by jsQR in the browser, is its short link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.extensions import db
from app.models import Vehicle
from tests import factories
from tests.e2e.admin.conftest import log_in
from tests.e2e.conftest import screenshot, serious_accessibility_violations

JSQR = "/static/vendor/jsqr-1.4.0/jsQR.js"

# Draws an image (an <svg> element or an image URL) on a white canvas and reads it with jsQR.
DECODE = """
async ([selector, url]) => {
  let source = url;
  if (selector) {
    const svg = new XMLSerializer().serializeToString(document.querySelector(selector));
    source = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
  }
  const image = new Image();
  image.src = source;
  await image.decode();
  const size = 400;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  context.drawImage(image, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size);
  const code = jsQR(pixels.data, size, size);
  return code ? code.data : null;
}
"""


def load_jsqr(page) -> None:
    """jsQR from our own static folder, so the page's strict CSP lets it run."""
    page.add_script_tag(url=JSQR)
    page.wait_for_function("() => typeof jsQR === 'function'")


def seen(*numbers: str) -> None:
    db.session.add_all(Vehicle(vehicle_id=f"veh-{n}", number=n) for n in numbers)
    db.session.commit()


def test_a_manager_prints_labels_whose_qr_codes_read_back_as_short_links(manager_page, live_server):
    seen("0421", "0007", "0013", "0100")
    page = manager_page
    page.get_by_role("navigation", name="Администрирование").get_by_role(
        "link", name="QR-наклейки"
    ).click()

    page.get_by_label("Номера самокатов").fill("0421\n0007, 9999")
    page.get_by_label("0100").check()
    page.get_by_role("button", name="Сделать наклейки").click()

    expect(page.locator(".label")).to_have_count(3)
    expect(page.get_by_role("alert")).to_contain_text("9999")
    screenshot(page, "admin-labels")
    assert serious_accessibility_violations(page) == []

    load_jsqr(page)
    for n, number in enumerate(["0421", "0007", "0100"], start=1):
        label = page.locator(".label").nth(n - 1)
        expect(label.locator(".label-number")).to_have_text(number)
        decoded = page.evaluate(DECODE, [f".label:nth-child({n}) svg", None])
        assert decoded == f"{live_server}/s/{number}"
        assert label.get_attribute("data-link") == decoded

    page.locator(".label-sheet").scroll_into_view_if_needed()
    screenshot(page, "admin-labels-sheet")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Печать")).to_be_hidden()
    screenshot(page, "admin-labels-print")


def printed_pages(page, base: str, numbers: list[str]) -> list[tuple[int, int]]:
    """Print the sheet of `numbers` to PDF; the size of each page, in points."""
    page.goto(f"{base}/admin/labels?numbers={','.join(numbers)}")
    expect(page.locator(".label")).to_have_count(len(numbers))
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def test_an_a4_page_holds_fifteen_labels(manager_page, live_server):
    numbers = [f"{n:04d}" for n in range(500, 516)]
    seen(*numbers)

    assert printed_pages(manager_page, live_server, numbers[:15]) == [(595, 842)]  # A4
    assert printed_pages(manager_page, live_server, numbers) == [(595, 842)] * 2


def test_a_repairer_reads_one_scooters_qr_code_from_its_svg_file(live_server, page):
    factories.make_user("rep-1", "Иван Петров")
    log_in(page, live_server, "rep-1")
    page.goto(f"{live_server}/login")  # any page of ours, for its origin and CSP
    load_jsqr(page)

    decoded = page.evaluate(DECODE, [None, "/admin/labels/qr/0421.svg"])

    assert decoded == f"{live_server}/s/0421"
