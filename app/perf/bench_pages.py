"""How heavy tablet pages are on the wire: a first load (the HTML and every stylesheet,
script, image and font it pulls in) and an htmx swap, raw and gzip-compressed."""

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
GZIP_LEVEL = 6  # what a reverse proxy is typically set to; the app itself does not compress


@dataclass
class Weight:
    """Bytes of a page and what it loads: raw, and each gzip-compressed on its own."""

    path: str
    raw: int = 0
    compressed: int = 0
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (url, raw, gzip)
    served_compressed: bool = False

    def add(self, url: str, body: bytes) -> None:
        packed = len(gzip.compress(body, GZIP_LEVEL))
        self.files.append((url, len(body), packed))
        self.raw += len(body)
        self.compressed += packed


def first_load(browser: requests.Session, base: str, path: str) -> Weight:
    """Everything a tablet downloads when it opens `path` with an empty cache."""
    weight = Weight(path)
    page = browser.get(base + path, headers={"Accept-Encoding": "gzip"}, timeout=30)
    page.raise_for_status()
    weight.served_compressed = page.headers.get("Content-Encoding") == "gzip"
    weight.add(path, page.content)
    seen: set[str] = set()
    queue = [urljoin(base + path, ref) for ref in ASSET.findall(page.text)]
    while queue:
        url = queue.pop(0)
        if url in seen or not url.startswith(base) or url.startswith("data:"):
            continue
        seen.add(url)
        asset = browser.get(url, timeout=30)
        asset.raise_for_status()
        weight.add(url.removeprefix(base), asset.content)
        if url.split("?")[0].endswith(".css"):
            queue += [urljoin(url, ref) for ref in CSS_URL.findall(asset.text)]
    return weight


def swap(browser: requests.Session, base: str, path: str, target: str) -> Weight:
    """The fragment htmx gets when a widget (`target`, its element id) refreshes itself."""
    weight = Weight(f"{path} (HX-Target: {target})")
    headers = {"HX-Request": "true", "HX-Target": target, "Accept-Encoding": "gzip"}
    answer = browser.get(base + path, headers=headers, timeout=30)
    answer.raise_for_status()
    weight.served_compressed = answer.headers.get("Content-Encoding") == "gzip"
    weight.add(weight.path, answer.content)
    return weight
