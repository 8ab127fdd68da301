"""The parsers of setting values: each takes a variable's text as set and returns its value,
or raises `BadValue` saying what form it expects."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit


class BadValue(ValueError):
    """Raised by a parser; its message is the form expected, e.g. "a number of seconds"."""


# Parsers: each takes the variable's text as set (never blank) and returns its value; all but
# `text` ignore surrounding spaces.


def text(raw: str) -> str:
    """Any text, kept as it is (a key, a token, a path)."""
    return raw


def number(unit: str, *, above_zero: bool = False) -> Callable[[str], float]:
    """A number of `unit` (seconds, hours...), 0 or more, or above 0 when `above_zero`."""
    form = f"a number of {unit}" + (" above 0" if above_zero else "")

    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise BadValue(form) from None
        if not math.isfinite(value) or value < 0 or (above_zero and value == 0):
            raise BadValue(form)
        return value

    return parse


def whole(least: int) -> Callable[[str], int]:
    """A whole number, `least` or more."""
    form = f"a whole number, {least} or more"

    def parse(raw: str) -> int:
        if not re.fullmatch(r"\s*[+-]?\d+\s*", raw) or int(raw) < least:
            raise BadValue(form)
        return int(raw)

    return parse


ON_WORDS, OFF_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def flag(raw: str) -> bool:
    """A switch: 1/true/yes/on or 0/false/no/off."""
    word = raw.strip().lower()
    if word not in ON_WORDS | OFF_WORDS:
        raise BadValue("on or off (1/0, true/false, yes/no)")
    return word in ON_WORDS


def http_url(raw: str) -> str:
    """An absolute http(s) URL."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadValue("an http:// or https:// URL")
    return raw.strip()


def database_url(raw: str) -> str:
    """A SQLAlchemy URL whose dialect and driver are installed."""
    from sqlalchemy.engine import make_url

    try:
        make_url(raw.strip()).get_dialect().import_dbapi()
    except Exception:  # unparsable, unknown dialect or missing driver: all the same to a user
        raise BadValue(
            "a database URL such as postgresql+psycopg://user@host/db or sqlite:///path"
        ) from None
    return raw.strip()


def pin_hash_method(raw: str) -> str:
    """A werkzeug password hash method: scrypt[:n:r:p] or pbkdf2[:hash[:iterations]]."""
    name, *args = raw.strip().split(":")
    if name == "scrypt":
        valid = not args or (len(args) == 3 and all(arg.isdigit() for arg in args))
    elif name == "pbkdf2" and len(args) <= 2:  # [hash name[:iterations]]
        valid = all(arg in hashlib.algorithms_available for arg in args[:1]) and all(
            arg.isdigit() for arg in args[1:]
        )
    else:
        valid = False
    if not valid:
        raise BadValue("scrypt[:n:r:p] or pbkdf2[:hash[:iterations]]")
    return raw.strip()


def proxy_addresses(raw: str) -> str:
    """IP addresses or networks separated by commas or spaces, or (the old form) a number."""
    text = raw.strip()
    for entry in [] if text.isdigit() else text.replace(",", " ").split():
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise BadValue("IP addresses or networks such as 10.0.0.5, 10.0.0.0/24") from None
    return text


def bind_address(raw: str) -> str:
    """A gunicorn bind address: HOST:PORT, HOST, unix:PATH or fd://N."""
    if not re.fullmatch(r"unix:\S+|fd://\d+|\S*:\d+|[^\s:]+", raw.strip()):
        raise BadValue("an address such as 0.0.0.0:8000 or unix:/path/to.sock")
    return raw.strip()
