"""How heavy tablet pages are on the wire: a first load (the HTML and every stylesheet,
script, image and font it pulls in) and an htmx swap, as the app sends them to a browser that
takes gzip (app/compression.py), beside their size uncompressed."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

ASSET = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href|script[^>]+src|'
    r'img[^>]+src)="([^"]+)"'
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass
class Weight:
    """Bytes of a page and what it loads: uncompressed, and as sent."""

    path: str
    raw: int = 0
    sent: int = 0
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (url, raw, sent)

    def add(self, url: str, body: bytes, sent: int) -> None:
        self.files.append((url, len(body), sent))
        self.raw += len(body)
        self.sent += sent


def _fetch(browser: requests.Session, url: str, headers: dict | None = None) -> tuple[bytes, int]:
    """The body of `url` and how many bytes the app sent for it, asked as a browser asks."""
    answer = browser.get(
        url, headers={"Accept-Encoding": "gzip"} | (headers or {}), timeout=30, stream=True
    )
    answer.raise_for_status()
    wire = answer.raw.read(decode_content=False)
    packed = answer.headers.get("Content-Encoding") == "gzip"
    return (gzip.decompress(wire) if packed else wire), len(wire)


def first_load(browser: requests.Session, base: str, path: str) -> Weight:
    """Everything a tablet downloads when it opens `path` with an empty cache."""
    weight = Weight(path)
    page, sent = _fetch(browser, base + path)
    weight.add(path, page, sent)
    seen: set[str] = set()
    queue = [urljoin(base + path, ref) for ref in ASSET.findall(page.decode())]
    while queue:
        url = queue.pop(0)
        if url in seen or not url.startswith(base) or url.startswith("data:"):
            continue
        seen.add(url)
        asset, sent = _fetch(browser, url)
        weight.add(url.removeprefix(base), asset, sent)
        if url.split("?")[0].endswith(".css"):
            queue += [urljoin(url, ref) for ref in CSS_URL.findall(asset.decode())]
    return weight


def swap(browser: requests.Session, base: str, path: str, target: str) -> Weight:
    """The fragment htmx gets when a widget (`target`, its element id) refreshes itself."""
    weight = Weight(f"{path} (HX-Target: {target})")
    body, sent = _fetch(browser, base + path, {"HX-Request": "true", "HX-Target": target})
    weight.add(weight.path, body, sent)
    return weight
