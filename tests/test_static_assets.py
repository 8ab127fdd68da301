"""Static files under versioned URLs: browsers keep them for a year, a change renames them."""

from __future__ import annotations

import re

from app import static_assets

LINKED = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def test_pages_link_their_stylesheets_and_scripts_with_a_version(client):
    page = client.get("/login").get_data(as_text=True)

    links = LINKED.findall(page)
    assert links, "the login page links its stylesheets and scripts"
    assert all(re.search(r"\?v=[0-9a-f]{12}$", link) for link in links), links


def test_a_versioned_file_is_kept_for_a_year(client):
    link = LINKED.findall(client.get("/login").get_data(as_text=True))[0]

    response = client.get(link)

    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable and response.cache_control.public
    assert not response.cache_control.no_cache


def test_an_unversioned_file_is_still_served_and_revalidated(client):
    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert response.cache_control.no_cache
    assert response.cache_control.max_age is None


def test_a_changed_file_gets_another_version(app, tmp_path):
    app.static_folder = str(tmp_path)
    asset = tmp_path / "site.css"
    asset.write_text("body { color: black; }")
    before = static_assets.version_of("site.css")

    asset.write_text("body { color: navy; }")
    after = static_assets.version_of("site.css")

    assert before and after and before != after
    assert static_assets.version_of("missing.css") is None


def test_a_version_the_file_does_not_have_is_not_kept(client):
    """A host on an older release must not have browsers keep its file under a new URL."""
    response = client.get("/static/css/app.css?v=000000000000")

    assert response.status_code == 200
    assert response.cache_control.max_age is None
    assert not response.cache_control.immutable
