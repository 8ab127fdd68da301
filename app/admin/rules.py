"""The rules for what managers may type: one place for each, shared by the web forms and the CLI.

Each rule is a predicate; callers word the refusal in their own language (the CLI in English,
the forms in the user's), so a rule never depends on a request being there.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from zoneinfo import available_timezones

from app.models import Role
from app.models.users import SECRET_MAX

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
# A manager's secret: a PIN of at least 8 digits or a passphrase of at least 10 characters.
MANAGER_PIN_MIN = 8
PASSPHRASE_MIN = 10
DIGITS = re.compile(r"[0-9]+")
# performer_id / place_id: 1-64 printable characters, no whitespace at the ends
# (docs/API.md, "General").
IDENTIFIER_MAX = 64
NAME_MAX = 200
TOKEN_NAME_MAX = 100
# Job type codes go into URLs, the API and CSV headers: lowercase snake_case like the defaults.
JOB_TYPE_CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
ROLES = tuple(role.value for role in Role)

# The zones Russian warehouses use, offered first in the time zone lists.
RUSSIAN_TIMEZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)
_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """Every IANA zone name this machine's time zone database holds."""
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def timezone_choices() -> tuple[str, ...]:
    """Zones to offer in a list: the Russian ones first, then every city zone A-Z."""
    cities = sorted(
        z for z in known_timezones() if z.startswith(_REGIONS) and z not in RUSSIAN_TIMEZONES
    )
    return tuple(z for z in RUSSIAN_TIMEZONES if z in known_timezones()) + ("UTC", *cities)


def is_valid_timezone(name: str | None) -> bool:
    """True for an IANA zone name such as Europe/Moscow (no file paths, no guessing)."""
    return bool(name) and name in known_timezones()


def is_valid_pin(pin: str | None) -> bool:
    """True for a PIN of 4-8 ASCII digits."""
    return bool(pin) and PIN_PATTERN.fullmatch(pin) is not None


class SecretProblem(StrEnum):
    """Why a new PIN or passphrase is refused."""

    PIN_FORMAT = "pin_format"  # a repairer's PIN is 4-8 digits
    MANAGER_TOO_WEAK = "manager_too_weak"  # a manager's: 8+ digits or a 10+ character phrase
    TOO_LONG = "too_long"
    TRIVIAL = "trivial"  # 0000, 1234, 9876, one digit repeated, the performer ID


def secret_problem(secret: str | None, role: str, performer_id: str) -> SecretProblem | None:
    """What is wrong with `secret` as the new PIN of a user with `role`, or None.

    The demo data is the one place that may skip this rule (its accounts keep 4-digit PINs)."""
    secret = secret or ""
    if len(secret) > SECRET_MAX:
        return SecretProblem.TOO_LONG
    digits_only = DIGITS.fullmatch(secret) is not None
    if role == Role.MANAGER:
        strong = len(secret) >= MANAGER_PIN_MIN if digits_only else len(secret) >= PASSPHRASE_MIN
        if not strong or not secret.isprintable():
            return SecretProblem.MANAGER_TOO_WEAK
    elif not is_valid_pin(secret):
        return SecretProblem.PIN_FORMAT
    return SecretProblem.TRIVIAL if is_trivial_secret(secret, performer_id) else None


def is_trivial_secret(secret: str, performer_id: str) -> bool:
    """True for a secret anyone would try first: one character repeated, a run of digits up or
    down (0123, 1234, 9876, 1234567890), the performer ID, or the digits of the performer ID."""
    if len(set(secret)) == 1 or secret.casefold() == performer_id.casefold():
        return True
    id_digits = "".join(DIGITS.findall(performer_id))
    if len(id_digits) >= 4 and secret == id_digits:
        return True
    if DIGITS.fullmatch(secret):
        # Runs wrap round the keypad's end too: 7890, 1234567890, 3210987.
        steps = {(int(b) - int(a)) % 10 for a, b in zip(secret, secret[1:], strict=False)}
        return steps in ({1}, {9})
    return False


def is_valid_identifier(value: str | None) -> bool:
    """True for a performer or place id: 1-64 printable characters, no whitespace at the ends."""
    return (
        bool(value)
        and len(value) <= IDENTIFIER_MAX
        and value.isprintable()
        and value == value.strip()
    )


def is_valid_job_type_code(code: str | None) -> bool:
    """True for a job type code: a lowercase letter, then letters, digits and '_' (max 64)."""
    return bool(code) and JOB_TYPE_CODE_PATTERN.fullmatch(code) is not None


def is_valid_role(role: str | None) -> bool:
    """True for "repairer" or "manager"."""
    return role in ROLES


# Separators of a typed list (whitespace , ;) and URL specials (/ ? # % \\) are never in one.
SCOOTER_NUMBER_PATTERN = re.compile(r"[^\s,;/?#%\\]{1,64}")


def is_valid_scooter_number(number: str | None) -> bool:
    """True for a painted number: 1-64 printable characters, none of them a separator."""
    return (
        bool(number)
        and SCOOTER_NUMBER_PATTERN.fullmatch(number) is not None
        and number.isprintable()
    )
