"""QR codes of scooters' short links, and the label sheet of chosen scooters.

A label carries the scooter's number and a standard QR code (never a micro one: phone cameras
do not read those) of its short link /s/<number>, which opens the scooter's page. The link is
absolute: PUBLIC_BASE_URL when set (the address phones reach), else the address of this request.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import segno
from flask import current_app, request
from markupsafe import Markup
from sqlalchemy import select

from app.admin.rules import is_valid_scooter_number
from app.drive import DriveError, DriveNotFound
from app.extensions import db
from app.mileage import read_car_and_remember
from app.models import Vehicle

MAX_LABELS = 240  # ten full A4 sheets
DRIVE_LOOKUPS = 30  # numbers we never saw are checked with Drive, at most this many per sheet
DRIVE_BUDGET_SECONDS = 5.0  # ...and for at most this long, however slowly Drive answers
ERROR_LEVEL = "q"  # labels get dirty in a warehouse: a quarter of the code may be lost
_SEPARATORS = re.compile(r"[\s,;]+")


def short_link(number: str) -> str:
    """The absolute URL a scooter's QR code holds, e.g. https://repair.example/s/0421."""
    base = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    return f"{base.rstrip('/')}/s/{quote(number, safe='')}"


def _qr(number: str) -> segno.QRCode:
    return segno.make_qr(short_link(number), error=ERROR_LEVEL)


def qr_svg_inline(number: str) -> Markup:
    """The QR code as an <svg> element sized by CSS (crisp on paper at any size)."""
    svg = _qr(number).svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
        title=f"QR {number}",
    )
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def qr_svg_document(number: str, pixels_per_module: int = 4) -> bytes:
    """The QR code as a standalone SVG file: sized for <img>, scalable by its viewBox."""
    qr = _qr(number)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        lineclass=None,
        title=f"QR {number}",
    )
    size = qr.symbol_size(scale=pixels_per_module, border=4)[0]
    return out.getvalue().replace(b"<svg ", f'<svg width="{size}" height="{size}" '.encode(), 1)


def parse_numbers(text: str | None, extra: list[str] | None = None) -> list[str]:
    """Numbers typed one per line or separated by commas, then `extra`; each once, in order."""
    typed = [n for n in _SEPARATORS.split(text or "") if n]
    return list(dict.fromkeys([*typed, *(extra or [])]))


@dataclass
class Label:
    number: str
    link: str
    svg: Markup


@dataclass
class LabelSheet:
    """The labels to print, and what the manager should know about the numbers left out."""

    labels: list[Label] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # Drive says no such scooter: not printed
    unchecked: list[str] = field(default_factory=list)  # Drive did not answer: printed anyway
    invalid: list[str] = field(default_factory=list)  # not a number at all: not printed
    left_out: int = 0  # beyond MAX_LABELS


class _DriveCheck:
    """Asks Drive about numbers we never saw: within a count and a time budget, and not again
    after one failure, so a slow or absent Drive never keeps the manager waiting."""

    def __init__(self) -> None:
        self.left = DRIVE_LOOKUPS
        self.deadline = time.monotonic() + DRIVE_BUDGET_SECONDS
        self.down = False

    def verdict(self, number: str) -> str:
        """What Drive says of `number`: "known", "unknown" (no such scooter) or "unchecked"."""
        if self.down or self.left <= 0 or time.monotonic() > self.deadline:
            return "unchecked"
        self.left -= 1
        try:
            read_car_and_remember(number=number)  # for next time
        except DriveNotFound:
            return "unknown"
        except DriveError:
            self.down = True
            return "unchecked"
        return "known"


def label_sheet(numbers: list[str]) -> LabelSheet:
    """Labels for `numbers`: the ones we know, plus the ones Drive confirms now."""
    sheet = LabelSheet()
    wanted = [n for n in numbers if is_valid_scooter_number(n)]
    sheet.invalid = [n for n in numbers if not is_valid_scooter_number(n)]
    sheet.left_out = max(len(wanted) - MAX_LABELS, 0)
    wanted = wanted[:MAX_LABELS]
    known = set(db.session.scalars(select(Vehicle.number).where(Vehicle.number.in_(wanted))))
    drive = _DriveCheck()
    for number in wanted:
        verdict = "known" if number in known else drive.verdict(number)
        if verdict == "unknown":
            sheet.unknown.append(number)
            continue
        if verdict == "unchecked":
            sheet.unchecked.append(number)
        sheet.labels.append(Label(number, short_link(number), qr_svg_inline(number)))
    return sheet


def known_numbers(limit: int = 300) -> list[str]:
    """Numbers of the scooters we have seen, most recently seen first (for suggestions)."""
    rows = db.session.scalars(
        select(Vehicle.number)
        .where(Vehicle.number.is_not(None))
        .order_by(Vehicle.seen_at.desc())
        .limit(limit)
    )
    return list(dict.fromkeys(rows))
