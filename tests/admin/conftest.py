"""Clients for the admin pages: a logged-in manager and a logged-in repairer."""

from __future__ import annotations

import pytest

from tests import factories
from tests.support.pages import log_in

PIN = factories.DEFAULT_PIN


@pytest.fixture
def manager(app):
    """The manager who runs the admin pages in these tests."""
    return factories.make_user("boss", "Анна Смирнова", role="manager")


@pytest.fixture
def as_manager(client, manager):
    """The test client, logged in as the manager."""
    assert log_in(client, "boss", PIN).status_code == 302
    return client


@pytest.fixture
def as_repairer(client, app):
    """The test client, logged in as a repairer."""
    factories.make_user("rep-9", "Олег Сидоров")
    assert log_in(client, "rep-9", PIN).status_code == 302
    return client


def page_text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)
