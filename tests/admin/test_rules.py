"""The input rules shared by the admin forms and the CLI."""

from __future__ import annotations

import pytest

from app.admin import rules


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Yekaterinburg", "UTC", "America/New_York"])
def test_real_time_zones_are_accepted(zone):
    assert rules.is_valid_timezone(zone)


@pytest.mark.parametrize(
    "zone", ["", None, "Mars/Base", "europe/moscow", "../../etc/passwd", "/usr/share/zoneinfo/UTC"]
)
def test_anything_else_is_not_a_time_zone(zone):
    assert not rules.is_valid_timezone(zone)


def test_the_zone_list_starts_with_russian_zones_and_holds_only_real_zones():
    choices = rules.timezone_choices()

    assert choices[:2] == ("Europe/Kaliningrad", "Europe/Moscow")
    assert len(choices) == len(set(choices)) > 300
    assert all(rules.is_valid_timezone(zone) for zone in choices)


@pytest.mark.parametrize("pin", ["1234", "12345678", "0000"])
def test_pins_of_four_to_eight_digits_are_accepted(pin):
    assert rules.is_valid_pin(pin)


@pytest.mark.parametrize("pin", ["", None, "123", "123456789", "12a4", " 1234", "١٢٣٤", "12²4"])
def test_other_pins_are_refused(pin):
    assert not rules.is_valid_pin(pin)


@pytest.mark.parametrize("value", ["wh-1", "rep 1", "Склад/1", "x" * 64])
def test_identifiers_are_printable_and_trimmed(value):
    assert rules.is_valid_identifier(value)


@pytest.mark.parametrize("value", ["", None, " wh-1", "wh-1 ", "x" * 65, "a\tb", "a\nb"])
def test_bad_identifiers_are_refused(value):
    assert not rules.is_valid_identifier(value)


@pytest.mark.parametrize("code", ["grips", "battery_swap", "a1"])
def test_job_type_codes_are_snake_case(code):
    assert rules.is_valid_job_type_code(code)


@pytest.mark.parametrize("code", ["", None, "Grips", "1abc", "brake-cable", "тормоз", "a" * 65])
def test_other_job_type_codes_are_refused(code):
    assert not rules.is_valid_job_type_code(code)


@pytest.mark.parametrize("number", ["0421", "AB-123", "x" * 64])
def test_scooter_numbers(number):
    assert rules.is_valid_scooter_number(number)


@pytest.mark.parametrize(
    "number",
    ["", None, "04 21", "0421,0007", "a;b", "a/b", "a?b", "a#b", "a%b", "x" * 65, "a\u200bb"],
)
def test_not_scooter_numbers(number):
    assert not rules.is_valid_scooter_number(number)
