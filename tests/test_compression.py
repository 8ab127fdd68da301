"""Pages, fragments and static files go out gzip-compressed to browsers that take it."""

from __future__ import annotations

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
HTMX = "/static/vendor/htmx-2.0.11/htmx.min.js"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_page_is_sent_compressed_to_a_browser_that_takes_gzip(client):
    plain = client.get("/login")
    packed = client.get("/login", headers=GZIP)

    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_a_client_that_does_not_take_gzip_gets_the_page_as_it_is(client):
    response = client.get("/login", headers={"Accept-Encoding": "identity"})

    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.data
    assert "Accept-Encoding" in response.headers["Vary"]


def test_a_static_script_is_compressed_and_revalidates_with_304(client):
    first = client.get(HTMX, headers=GZIP)

    assert first.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.data) == (STATIC / HTMX.removeprefix("/static/")).read_bytes()
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert "Accept-Ranges" not in first.headers  # a range would be of the uncompressed file

    again = client.get(HTMX, headers=GZIP | {"If-None-Match": etag})

    assert again.status_code == 304
    assert again.data == b""


def test_the_same_static_file_is_compressed_alike_every_time(client):
    bodies = {client.get(HTMX, headers=GZIP).data for _ in range(3)}

    assert len(bodies) == 1


def test_json_api_answers_are_not_compressed(client):
    response = client.get("/api/openapi.json", headers=GZIP)

    assert "Content-Encoding" not in response.headers
    assert response.get_json()["openapi"].startswith("3.")


def test_a_head_request_is_not_compressed(client):
    response = client.head("/login", headers=GZIP)

    assert "Content-Encoding" not in response.headers
