"""Where the app finds what is not Python: templates, static files, catalogs, migrations,
and its instance folder. One place, so a checkout and an installed wheel both work.

In a checkout (an editable install, tests, `scripts/serve`) they are the folders at the root
of the repository. A wheel carries copies in `app/bundled/` (setup.py's build step puts them
there, with the catalogs compiled): an install runs from site-packages, even read-only, and
never writes beside its code.

Catalogs: the wheel ships compiled `.mo` files. A checkout compiles its `.po` files when they
changed, into `build/catalogs/` (ignored by git), never beside the sources.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
BUNDLED = PACKAGE / "bundled"
RESOURCES = ("templates", "static", "translations", "migrations")


def installed() -> bool:
    """True when running from a wheel's copy (its resources are bundled with the code)."""
    return BUNDLED.is_dir()


def resource(name: str) -> Path:
    """The folder `name` (one of RESOURCES): the bundled copy, else the checkout's."""
    assert name in RESOURCES, name
    return BUNDLED / name if installed() else CHECKOUT / name


def catalogs() -> Path:
    """The folder holding the compiled catalogs, one sub-folder per area."""
    if installed():
        return BUNDLED / "translations"
    from app.catalogs import compile_catalogs  # a checkout: compile what changed, out of tree

    target = CHECKOUT / "build" / "catalogs"
    compile_catalogs(CHECKOUT / "translations", target)
    return target


def instance_path(environ: dict[str, str] | None = None) -> str:
    """The instance folder (default SQLite file, secret key, security log, throttle file):
    INSTANCE_PATH if set; else `instance/` in a checkout, `<venv>/var/scooters-ops-repair`
    when installed."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("INSTANCE_PATH", "").strip()
    if chosen:
        return os.path.abspath(chosen)
    if installed():
        return os.path.join(sys.prefix, "var", "scooters-ops-repair")
    return str(CHECKOUT / "instance")
