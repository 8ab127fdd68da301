"""Reading a plate number out of whatever a scanner or a repairer hands us."""

from __future__ import annotations

import pytest

from app.tablet.plates import plate_from_text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0421", "0421"),
        ("  04 21 ", "0421"),
        ("ab12", "AB12"),
        ("https://repair.example/s/0421", "0421"),
        ("http://127.0.0.1:8000/s/0421/", "0421"),
        ("/s/0007", "0007"),
        ("https://go.example/scooter?number=0421", "0421"),
        ("https://go.example/scooter?n=0100&utm=qr", "0100"),
        ("https://go.example/ride?id=0013", "0013"),
        ("https://go.example/scooter/0421", "0421"),
        ("go.example/scooter/0421?lang=ru", "0421"),
        ("HTTPS://GO.EXAMPLE/S/0421", "0421"),
    ],
)
def test_numbers_labels_and_rental_links_give_the_plate(text, number):
    assert plate_from_text(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "scooter",
        "https://go.example/scooter",
        "https://go.example/",
        "https://go.example/ride?id=5f0c8e1e-8a7b-4c51-9a2f-0d1b2c3d4e5f",
        "0421; DROP TABLE",
        "x" * 40,
        "<script>",
    ],
)
def test_anything_without_a_plate_gives_none(text):
    assert plate_from_text(text) is None


def test_the_server_renders_the_timer_as_the_browser_does():
    from datetime import UTC, datetime, timedelta

    from app.web.formatting import elapsed_clock

    start = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    assert elapsed_clock(start, start + timedelta(seconds=7)) == "0:07"
    assert elapsed_clock(start, start + timedelta(minutes=4, seconds=7)) == "4:07"
    assert elapsed_clock(start, start + timedelta(hours=1, minutes=2, seconds=9)) == "1:02:09"
    assert elapsed_clock(start, start - timedelta(seconds=3)) == "0:00"  # clocks disagree
