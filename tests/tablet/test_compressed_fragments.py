"""The fragments htmx posts for go out gzip-compressed, like pages (app/compression.py)."""

from __future__ import annotations

import gzip

from tests.support.pages import csrf_token
from tests.tablet.conftest import start_repair


def test_the_job_panel_a_tap_brings_back_is_compressed(tablet, simulator):
    start_repair(tablet, simulator)
    headers = {
        "HX-Request": "true",
        "HX-Target": "jobs",
        "X-CSRFToken": csrf_token(tablet),
        "Accept-Encoding": "gzip",
    }

    response = tablet.post(
        "/t/repairs/r-1/jobs", data={"job_id": "j-1", "type": "grips"}, headers=headers
    )

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    panel = gzip.decompress(response.data).decode()
    assert 'id="jobs"' in panel and 'data-job-id="j-1"' in panel
