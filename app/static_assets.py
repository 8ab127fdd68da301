"""Static files under versioned URLs, kept by browsers for a year.

Every `url_for('static', filename=...)` gets `?v=` and the first 12 hex digits of the file's
SHA-256, and a request carrying that parameter is answered with `Cache-Control: public,
max-age=31536000, immutable`. A tablet then loads a stylesheet or a script once per release,
not once per page: without it, every page load revalidated each file, a round trip apiece on
warehouse Wi-Fi. A changed file gets a new URL, so nobody keeps an old one. A URL without
`v`, or with another version than the file's, is served as before (revalidated on every use).
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, current_app, request

VERSION_PARAMETER = "v"
A_YEAR = 365 * 24 * 3600

_versions: dict[tuple[str, int, int], str] = {}  # (path, mtime, size) -> version; a few dozen


def version_of(filename: str) -> str | None:
    """The version tag of a static file, or None if there is no such file."""
    path = os.path.join(current_app.static_folder or "", filename)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    version = _versions.get(key)
    if version is None:
        with open(path, "rb") as file:
            version = hashlib.sha256(file.read()).hexdigest()[:12]
        _versions[key] = version
    return version


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and VERSION_PARAMETER not in values and "filename" in values:
        version = version_of(values["filename"])
        if version is not None:
            values[VERSION_PARAMETER] = version


def _cache_versioned(response: Response) -> Response:
    """A year, for the version of the file being served only: a host still on an older release
    must not have browsers keep its file under the new file's URL."""
    wanted = request.args.get(VERSION_PARAMETER)
    if (
        request.endpoint == "static"
        and response.status_code in (200, 304)
        and wanted
        and wanted == version_of((request.view_args or {}).get("filename", ""))
    ):
        response.cache_control.public = True
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response


def init_app(app: Flask) -> None:
    """Version the static URLs the app builds, and let browsers keep what they name."""
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)
