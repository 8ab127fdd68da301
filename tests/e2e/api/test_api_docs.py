"""The API reference at /api/docs renders in a real browser, under our CSP, with no CDN."""

from __future__ import annotations

from playwright.sync_api import expect


def test_swagger_ui_lists_the_bots_handles_from_our_own_server_only(live_server, page):
    requested, errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server}/api/docs")

    expect(page.get_by_text("/api/places", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/performers/{performer_id}/active-repair")).to_be_visible()
    assert [url for url in requested if not url.startswith(live_server)] == []
    assert errors == []
