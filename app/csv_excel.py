"""CSV files that Excel opens correctly with Russian text: one format for every export.

UTF-8 with a byte-order mark (without it Excel reads the bytes as Windows-1251), `;` between
fields (the list separator of Russian Excel, which does not split on `,`), CRLF line ends,
one header row. The body is streamed, so a year of rows never sits in memory.

Every cell goes through `cell()`, the formula guard: text a spreadsheet would run as a formula
(= + - @ first, also after leading blanks; a tab, CR or LF first) gets a leading ' and is shown,
never run. Numbers the app writes itself (ints, floats, `Figure`s) are written as they are, so a
negative one stays a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

BOM = "\ufeff"
DELIMITER = ";"
# A spreadsheet runs a cell as a formula when one of these comes first (after any blanks).
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and fullwidth
# ...or when the cell starts with one of these control characters.
CONTROL_STARTS = ("\t", "\r", "\n", "\0")
_BLANKS = re.compile(r"[\s\x00-\x1f\x7f]*")
_FIGURE = re.compile(r"[-\u2212]?\d+(?:[.,]\d+)?")  # some locales write U+2212 for minus


class Figure(str):
    """A number the app formatted itself for a spreadsheet ("-3,5"): written as it is."""

    def __new__(cls, text: str) -> Figure:
        if not _FIGURE.fullmatch(text):
            raise ValueError(f"not a plain number: {text!r}")
        return super().__new__(cls, text)


def cell(value) -> str:
    """A value as a cell a spreadsheet shows and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Figure)):
        return str(value)
    text = str(value)
    head = text[_BLANKS.match(text).end() :]
    if text.startswith(CONTROL_STARTS) or head.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    """Stream `rows` under `header` as an Excel-friendly CSV attachment, every cell guarded."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
        buffer.write(BOM)
        writer.writerow(map(cell, header))
        for count, row in enumerate(rows, start=1):
            writer.writerow(map(cell, row))
            if count % 200 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
