"""Language and time zones: Russian by default, English on request; local warehouse times.

Catalogs live in one folder per area (translations/common, /tablet, /manager, /admin), so
areas can grow their strings independently; Flask-Babel merges them. A wheel carries them
compiled; a checkout compiles them out of the source tree (app/paths.py). README, "Translations".
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, g, session
from flask_babel import Babel, format_datetime, get_locale, get_translations
from flask_babel import lazy_gettext as _l

from app import paths
from app.clock import FIRST_DATE, LAST_DATE

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
DEFAULT_TIMEZONE = "Europe/Moscow"
# What a date filter says of a date outside app.clock's FIRST_DATE..LAST_DATE.
DATES_OUT_OF_RANGE = _l(
    "Choose dates from %(first)d to %(last)d.", first=FIRST_DATE.year, last=LAST_DATE.year
)

babel = Babel()


def select_locale() -> str:
    """The language the user picked, else Russian (the repairers' language)."""
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    """The language this request's pages speak, "ru" or "en" (Russian outside a request)."""
    return str(get_locale() or DEFAULT_LANGUAGE)[:2]


def select_timezone() -> str:
    """The time zone of the warehouse this tablet works in."""
    return session.get("place_tz") or DEFAULT_TIMEZONE


# Babel's named styles spell English times on a 12-hour clock ("11/26/26, 9:15 AM"): every
# page uses one day-first, 24-hour style in both languages instead.
NAMED_FORMATS = {"short": "dd.MM.yyyy HH:mm", "medium": "dd.MM.yyyy HH:mm:ss"}


def local_time(moment: datetime | None, fmt: str = "short", tz: str | None = None) -> str:
    """Format a UTC time in the warehouse's zone (or `tz`), in the user's language."""
    if moment is None:
        return "—"
    fmt = NAMED_FORMATS.get(fmt, fmt)
    if tz:
        return format_datetime(
            moment.astimezone(ZoneInfo(tz)).replace(tzinfo=None), fmt, rebase=False
        )
    return format_datetime(moment, fmt)


def request_translations():
    """This request's translations, looked up once per request.

    Flask-Babel looks them up again on every call (its context, the locale, the domain's
    cache): a page with a hundred strings paid for that a hundred times.
    """
    try:
        return g.request_translations
    except AttributeError:
        g.request_translations = found = get_translations()
        return found


def init_app(app: Flask) -> None:
    """Set up Flask-Babel over every area's catalog folder."""
    catalogs = paths.catalogs()
    folders = sorted(str(p) for p in catalogs.iterdir() if p.is_dir())
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(folders))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES

    @app.context_processor
    def _language() -> dict:
        return {"current_language": current_language()}
