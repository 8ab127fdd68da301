"""QR labels: the A4 sheet for chosen scooters, warnings for numbers left out, one QR as SVG.

That the QR codes decode to the short links is checked in a browser, with jsQR
(tests/e2e/admin/test_labels_page.py).
"""

from __future__ import annotations

import re

import pytest

from app.admin.qr import MAX_LABELS
from app.extensions import db
from app.models import Vehicle
from tests.admin.conftest import page_text

LABEL = re.compile(
    r'<figure class="label" data-link="([^"]+)">\s*<figcaption class="label-number">([^<]+)<'
)
VIEWBOX = re.compile(r'<svg[^>]*viewBox="0 0 (\d+) (\d+)"')


@pytest.fixture
def seen(app):
    """Scooters Drive told us about before."""
    db.session.add_all(
        [Vehicle(vehicle_id="veh-a", number="0421"), Vehicle(vehicle_id="veh-b", number="0007")]
    )
    db.session.commit()


def labels(response) -> list[tuple[str, str]]:
    return [(number, link) for link, number in LABEL.findall(page_text(response))]


def test_a_sheet_has_one_label_per_number_with_its_short_link(as_manager, seen):
    response = as_manager.get("/admin/labels", query_string={"numbers": "0421\n0007, 0421"})

    assert response.status_code == 200
    assert labels(response) == [
        ("0421", "http://localhost/s/0421"),
        ("0007", "http://localhost/s/0007"),
    ]
    text = page_text(response)
    assert text.count('<svg aria-hidden="true" focusable="false" viewBox=') == 2
    sizes = {int(w) for w, _h in VIEWBOX.findall(text)}
    assert min(sizes) >= 21 + 8  # a standard QR code (21+ modules) with its quiet zone, not micro
    assert 'class="banner' not in text


@pytest.mark.parametrize("base", ["https://repair.example.ru", "https://repair.example.ru/"])
def test_public_base_url_makes_the_links(app, as_manager, seen, base):
    app.config["PUBLIC_BASE_URL"] = base

    response = as_manager.get("/admin/labels", query_string={"numbers": "0421"})

    assert labels(response) == [("0421", "https://repair.example.ru/s/0421")]


def test_seen_scooters_are_offered_and_add_to_the_typed_ones(as_manager, seen):
    page = page_text(as_manager.get("/admin/labels"))
    assert 'name="number" value="0421"' in page and 'name="number" value="0007"' in page

    response = as_manager.get(
        "/admin/labels", query_string=[("numbers", "0007"), ("number", "0421"), ("number", "0007")]
    )

    assert [n for n, _ in labels(response)] == ["0007", "0421"]
    assert 'value="0421" checked' in page_text(response)


def test_numbers_drive_does_not_know_are_left_out_with_a_warning(as_manager, seen, simulator):
    new = next(s for s in simulator.scooters() if s.number not in ("0421", "0007"))

    response = as_manager.get("/admin/labels", query_string={"numbers": f"0421 9999 {new.number}"})

    assert [n for n, _ in labels(response)] == ["0421", new.number]
    text = page_text(response)
    assert "Drive не знает самокатов с такими номерами" in text and "<strong>9999</strong>" in text
    assert db.session.scalar(db.select(Vehicle).where(Vehicle.number == new.number))  # now seen


@pytest.fixture
def drive_down(app_config):
    """Drive at an address where nothing listens (asked for before `app` is built)."""
    app_config["DRIVE_URL"] = "http://127.0.0.1:9"


def test_without_drive_unseen_numbers_are_printed_and_flagged(drive_down, as_manager, seen):
    response = as_manager.get("/admin/labels", query_string={"numbers": "0421 5555 5556"})

    assert [n for n, _ in labels(response)] == ["0421", "5555", "5556"]
    text = page_text(response)
    assert "Не удалось проверить эти номера в Drive" in text
    assert "<strong>5555, 5556</strong>" in text


def test_things_that_are_not_numbers_are_skipped_with_a_warning(as_manager, seen):
    response = as_manager.get("/admin/labels", query_string={"numbers": "0421\n" + "x" * 65})

    assert [n for n, _ in labels(response)] == ["0421"]
    assert "Это не номера самокатов, они пропущены:" in page_text(response)


def test_a_sheet_holds_at_most_max_labels(as_manager):
    numbers = [f"N{n:04d}" for n in range(MAX_LABELS + 5)]
    db.session.add_all(Vehicle(vehicle_id=f"veh-{n}", number=n) for n in numbers)
    db.session.commit()

    response = as_manager.get("/admin/labels", query_string={"numbers": ",".join(numbers)})

    assert len(labels(response)) == MAX_LABELS
    assert f"Сделаны только первые {MAX_LABELS} наклеек; пропущено номеров: 5." in page_text(
        response
    )


def test_the_sheet_keeps_the_strict_csp(as_manager, seen):
    text = page_text(as_manager.get("/admin/labels", query_string={"numbers": "0421"}))

    assert "style=" not in text
    assert "<script>" not in text and "<script " not in text.replace('<script src="', "")


def test_one_scooters_qr_code_as_an_svg_file(as_manager):
    response = as_manager.get("/admin/labels/qr/0421.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    width = int(re.search(r'<svg width="(\d+)" height="\1"', svg).group(1))
    modules = int(VIEWBOX.search(svg).group(1))
    assert width == modules * 4 and modules >= 29
    assert "<title>QR 0421</title>" in svg
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize("number", ["x" * 65, "a%3Fb", "a;b"])
def test_a_qr_code_for_something_that_is_not_a_number_is_404(as_manager, number):
    assert as_manager.get(f"/admin/labels/qr/{number}.svg").status_code == 404


def test_drive_is_asked_about_a_few_unseen_numbers_only(as_manager, seen, simulator, monkeypatch):
    monkeypatch.setattr("app.admin.qr.DRIVE_LOOKUPS", 1)
    fleet = [s.number for s in simulator.scooters() if s.number not in ("0421", "0007")][:3]

    response = as_manager.get("/admin/labels", query_string={"numbers": " ".join(fleet)})

    assert [n for n, _ in labels(response)] == fleet
    assert f"<strong>{fleet[1]}, {fleet[2]}</strong>" in page_text(response)  # not checked


def test_drive_is_not_asked_once_the_time_budget_is_spent(as_manager, seen, monkeypatch):
    monkeypatch.setattr("app.admin.qr.DRIVE_BUDGET_SECONDS", -1)

    response = as_manager.get("/admin/labels", query_string={"numbers": "0421 9999"})

    assert [n for n, _ in labels(response)] == ["0421", "9999"]
    assert "Не удалось проверить эти номера в Drive" in page_text(response)
