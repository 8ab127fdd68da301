"""CSV files that Excel opens correctly with Russian text: one format for every export.

UTF-8 with a byte-order mark (without it Excel reads the bytes as Windows-1251), `;` between
fields (the list separator of Russian Excel, which does not split on `,`), CRLF line ends,
one header row. The body is streamed, so a year of rows never sits in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

BOM = "\ufeff"
DELIMITER = ";"
# Excel runs a cell that starts with one of these as a formula: such text gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Free text as a cell that a spreadsheet shows and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    """Stream `rows` under `header` as an Excel-friendly CSV attachment."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
        buffer.write(BOM)
        writer.writerow(header)
        for count, row in enumerate(rows, start=1):
            writer.writerow(row)
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
