"""Browser tests: the app served on a real port, driven by Playwright in Debian's Chromium.

`playwright install` cannot download here, so Chromium comes from Debian (scripts/test installs
it) and `browser_type_launch_args` points Playwright at it with the flags this machine needs.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "tests" / "e2e" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium, headless, with the flags of this closed network."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {"executable_path": executable, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args():
    """A 10-inch tablet in landscape, as warehouses use."""
    return {"viewport": TABLET, "locale": "ru-RU", "timezone_id": "Europe/Moscow"}


@pytest.fixture
def live_server(app):
    """The test app on a free loopback port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def screenshot(page, name: str) -> Path:
    """Keep a screenshot of what the user sees in docs/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def serious_accessibility_violations(page) -> list[dict]:
    """Run axe-core on the page; return the serious and critical violations."""
    # Evaluated over DevTools, not injected as a <script>: the page's CSP stays as strict
    # as in production and still lets the audit in.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
