"""Gzip for what tablets and browsers download: pages, htmx fragments, stylesheets, scripts.

Warehouse Wi-Fi is slow and `scripts/serve` puts no proxy in front, so the app compresses
itself whatever a browser asks for compressed (`Accept-Encoding: gzip`), pages and the
fragments htmx posts for alike: the repair screen's first load is about 28 KB instead of
93 KB, the job panel a tap brings back 1.6 KB instead of 8.8 KB. Static files are compressed
once per worker and kept (keyed by their ETag, which changes with the file); their compressed
form carries the same ETag marked weak, so a browser's revalidation still gets 304 Not
Modified. JSON API answers are left alone: their clients are services on the operator's
network, and compressing would cost each call CPU time.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Flask, Response, request

COMPRESSIBLE = frozenset(
    {"text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"}
)
MIN_BYTES = 1024  # below this, gzip's header and a round of CPU buy nothing
LEVEL = 6
KEPT_STATIC_FILES = 64  # the app has about twenty


class _StaticCache:
    """Compressed static files of this worker, by ETag (send_file's, made of the file's path,
    size and modification time), least recently used dropped first; shared by its threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str, body: bytes) -> bytes:
        with self._lock:
            packed = self._kept.get(etag)
            if packed is not None:
                self._kept.move_to_end(etag)
                return packed
        packed = gzip.compress(body, LEVEL, mtime=0)
        with self._lock:
            self._kept[etag] = packed
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return packed


_static = _StaticCache(KEPT_STATIC_FILES)


def compress(response: Response) -> Response:
    """Gzip the response when the client takes gzip and it is worth it."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or request.method == "HEAD"
        or "Content-Encoding" in response.headers
        or (response.is_streamed and not response.direct_passthrough)  # a generator: left as is
        or request.accept_encodings["gzip"] <= 0
    ):
        return response
    static_file = response.direct_passthrough  # send_file's answer: its body is a file
    response.direct_passthrough = False
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    etag, _weak = response.get_etag()
    if static_file and etag:
        packed = _static.get(etag, body)
    else:
        packed = gzip.compress(body, LEVEL, mtime=0)
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # ranges would be of the uncompressed file
    if etag:
        response.set_etag(etag, weak=True)  # the same content in another encoding
    return response


def init_app(app: Flask) -> None:
    """Compress responses after every other after-request hook has had its say."""
    app.after_request_funcs.setdefault(None, []).insert(0, compress)
