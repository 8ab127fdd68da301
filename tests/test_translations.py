"""Every string the UI shows has a Russian translation (Russian is the default language)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.support.pages import post_form

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}


def ui_strings() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def russian_catalog() -> dict[str, str]:
    translated = {}
    for po_path in ROOT.glob("translations/*/ru/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            for message in read_po(po_file):
                if message.id and message.string:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    translated[key] = message.string
    return translated


def test_every_ui_string_is_translated_to_russian():
    missing = sorted(ui_strings() - set(russian_catalog()))

    assert missing == [], f"untranslated: {missing}"


def test_the_login_page_speaks_russian_by_default_and_english_on_request(client):
    russian = client.get("/login").get_data(as_text=True)
    post_form(client, "/language/en", {"next": "/login"})
    english = client.get("/login").get_data(as_text=True)

    assert "Табельный номер" in russian and 'lang="ru"' in russian
    assert "Performer ID" in english and 'lang="en"' in english
