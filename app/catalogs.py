"""Compile the translation catalogs (.po -> .mo), with Babel alone.

Imported by setup.py's build step (by file path, before the app's dependencies exist) and by
a checkout's start (app/paths.py). The per-area catalogs under translations/ are kept with
`devtools/catalogs.py` (README, "Translations").
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PATTERN = "*/*/LC_MESSAGES/messages.po"  # AREA/LANG/LC_MESSAGES/messages.po


def compile_catalogs(root: Path, target: Path) -> list[Path]:
    """Compile every catalog under `root` into the same place under `target`, when stale.
    Returns the .mo files written."""
    written = []
    for po_path in sorted(root.glob(PATTERN)):
        mo_path = target / po_path.relative_to(root).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        tmp = mo_path.with_suffix(f".mo.{os.getpid()}")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(tmp, mo_path)  # workers starting together never read half a file
        written.append(mo_path)
    return written
