"""A manager logged in through the login page, in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories

DESKTOP = {"width": 1280, "height": 800}


def log_in(page, base: str, performer_id: str, pin: str = factories.DEFAULT_PIN) -> None:
    """Type the performer id and PIN into the login page, as a person does."""
    page.goto(f"{base}/login")
    page.get_by_label("Табельный номер").fill(performer_id)
    page.get_by_label("PIN-код").fill(pin)
    page.get_by_role("button", name="Вход").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


@pytest.fixture
def manager_page(live_server, page):
    """The browser page of a new manager, logged in, on the administration home."""
    factories.make_user("boss", "Анна Смирнова", role="manager")
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "boss")
    page.goto(f"{live_server}/admin/")
    return page
