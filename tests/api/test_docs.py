"""The API's reference pages at /api/docs: Swagger UI from vendored files, no CDN."""

from __future__ import annotations

import re


def test_docs_page_is_public_and_loads_only_our_own_files(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page
    assert all(s.startswith("/static/") for s in sources), sources
    assert any("swagger-ui-bundle.js" in s for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_docs_page_reads_the_openapi_document(client):
    page = client.get("/api/docs").get_data(as_text=True)

    assert 'data-openapi-url="/api/openapi.json"' in page
