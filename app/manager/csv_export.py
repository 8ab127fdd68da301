"""CSV exports that Excel opens correctly with Russian text.

Format: UTF-8 with a byte-order mark (without it Excel reads the bytes as Windows-1251),
`;` between fields (the list separator of Russian Excel, which does not split on `,`),
CRLF line ends, every field quoted when needed, one header row. Numbers carry the decimal mark of
the page's language (a comma in Russian), no thousands separator; times are local to the
repair's warehouse, "YYYY-MM-DD HH:MM". The body is streamed in keyset batches, so a year of
history never sits in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, stream_with_context
from flask_babel import gettext as _

from app.manager.formatting import locale_code, plain_number, status_label
from app.manager.history_queries import HistoryRow

BOM = "\ufeff"
DELIMITER = ";"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Response:
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


def local_stamp(moment: datetime | None, zone: str) -> str:
    """A time in the warehouse's zone, as Excel reads it."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def history_header() -> list[str]:
    """The column names of a history export, in the user's language."""
    return [
        _("Repair ID"),
        _("Started"),
        _("Finished"),
        _("Scooter"),
        _("Vehicle ID"),
        _("Repairer"),
        _("Warehouse"),
        _("Status"),
        _("Duration, min"),
        _("Mileage at start, km"),
        _("Km since previous repair"),
        _("Jobs"),
        _("Comment"),
    ]


def history_line(row: HistoryRow) -> list[str]:
    """One repair as a CSV row."""
    lang = locale_code()
    minutes = None if row.duration_seconds is None else row.duration_seconds / 60
    jobs = "; ".join(f"{job.name(lang)} ({status_label(job.status).lower()})" for job in row.jobs)
    return [
        row.repair_id,
        local_stamp(row.started_at, row.timezone),
        local_stamp(row.finished_at, row.timezone),
        row.number or "",
        row.vehicle_id,
        row.performer_name,
        row.place_name,
        status_label(row.status),
        plain_number(minutes, 1),
        plain_number(row.mileage_km, 1),
        plain_number(row.km_since_previous, 1),
        jobs,
        row.comment or "",
    ]
