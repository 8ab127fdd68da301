"""Keep the per-area catalogs (translations/{common,tablet,manager,admin}) as they are kept:
each English msgid in exactly one area's catalog, new entries appended at the end, Russian
written by hand. README, "Translations":

    pybabel extract -F babel.cfg -k _l -k lazy_gettext -o build/messages.pot .
    python -m devtools.catalogs update build/messages.pot    # append the new msgids
    (translate the appended entries: their msgstr is empty)
    python -m devtools.catalogs check build/messages.pot     # nothing new, nothing untranslated

`pybabel update` cannot do this step: it fills every catalog with every msgid of the template
and rewrites each file in the template's order. Here a new msgid goes to the area whose code
uses it (app/<area>/, templates/<area>/); used by several areas or by shared code: common.
Entries no longer used are listed, never deleted (another branch may still use them).
Compiling is the build's (setup.py) and a checkout's start's (app/paths.py) job.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import escape, read_po

ROOT = Path(__file__).resolve().parents[1]
AREAS = ("tablet", "manager", "admin")  # and "common" for the rest
LANGUAGE = "ru"


def catalog_path(area: str) -> Path:
    return ROOT / "translations" / area / LANGUAGE / "LC_MESSAGES" / "messages.po"


def _key(message_id) -> str:
    return message_id[0] if isinstance(message_id, tuple | list) else message_id


def area_of(locations: list[tuple[str, int]]) -> str:
    """The one area whose files use a msgid; several (or shared code): common."""
    found = set()
    for filename, _line in locations:
        parts = Path(filename).parts
        area = parts[1] if len(parts) > 2 and parts[0] in ("app", "templates") else ""
        found.add(area if area in AREAS else "common")
    return found.pop() if len(found) == 1 else "common"


def _entry(message) -> str:
    if isinstance(message.id, tuple | list):
        singular, plural = message.id[:2]
        lines = [f"msgid {escape(singular)}", f"msgid_plural {escape(plural)}"]
        lines += [f'msgstr[{n}] ""' for n in range(3)]  # Russian has three forms
    else:
        lines = [f"msgid {escape(message.id)}", 'msgstr ""']
    return "\n".join(lines) + "\n"


def _catalogs():
    out = {}
    for area in ("common", *AREAS):
        with catalog_path(area).open("rb") as po:
            out[area] = read_po(po, locale=LANGUAGE)
    return out


def plan(template: Path):
    """(new messages by area, unused msgids by area, untranslated msgids by area)."""
    with template.open("rb") as pot:
        wanted = [m for m in read_po(pot) if m.id]
    catalogs = _catalogs()
    held = {_key(m.id) for catalog in catalogs.values() for m in catalog if m.id}
    new: dict[str, list] = {}
    for message in wanted:
        if _key(message.id) not in held:
            new.setdefault(area_of(message.locations), []).append(message)
    used = {_key(m.id) for m in wanted}
    unused, untranslated = {}, {}
    for area, catalog in catalogs.items():
        unused[area] = [_key(m.id) for m in catalog if m.id and _key(m.id) not in used]
        untranslated[area] = [_key(m.id) for m in catalog if m.id and not all(_strings(m.string))]
    return new, unused, untranslated


def _strings(string) -> list[str]:
    return list(string) if isinstance(string, tuple | list) else [string]


def update(template: Path) -> int:
    new, unused, _ = plan(template)
    for area, messages in new.items():
        with catalog_path(area).open("a", encoding="utf-8") as po:
            for message in messages:
                po.write("\n" + _entry(message))
        print(
            f"{area}: {len(messages)} new, to translate: " + ", ".join(_key(m.id) for m in messages)
        )
    for area, ids in unused.items():
        if ids:
            print(f"{area}: {len(ids)} no longer used (kept): {', '.join(ids)}")
    return 0


def check(template: Path) -> int:
    new, _, untranslated = plan(template)
    problems = [f"{area}: not in any catalog: {_key(m.id)}" for area, ms in new.items() for m in ms]
    problems += [f"{area}: untranslated: {i}" for area, ids in untranslated.items() for i in ids]
    print("\n".join(problems) or "every msgid is in one catalog, translated")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("update", "check"):
        sys.exit("usage: python -m devtools.catalogs update|check build/messages.pot")
    sys.exit({"update": update, "check": check}[sys.argv[1]](Path(sys.argv[2])))
