"""QR labels: an A4 sheet for chosen scooters, and one scooter's QR code as an SVG file."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from app.admin import bp
from app.admin.qr import MAX_LABELS, known_numbers, label_sheet, parse_numbers, qr_svg_document
from app.admin.rules import is_valid_scooter_number


@bp.get("/labels")
def labels():
    """Choose scooters (typed numbers and/or seen ones); the printable sheet follows below."""
    numbers = parse_numbers(request.args.get("numbers"), request.args.getlist("number"))
    sheet = label_sheet(numbers) if numbers else None
    return render_template(
        "admin/labels.html",
        sheet=sheet,
        typed=request.args.get("numbers", ""),
        chosen=set(request.args.getlist("number")),
        suggestions=known_numbers(),
        max_labels=MAX_LABELS,
    )


@bp.get("/labels/qr/<number>.svg")
def label_qr(number: str):
    """One scooter's QR code (its short link) as SVG; for any logged-in user."""
    if not is_valid_scooter_number(number):
        abort(404)
    return Response(
        qr_svg_document(number),
        mimetype="image/svg+xml",
        headers={"Cache-Control": "private, max-age=86400"},
    )
