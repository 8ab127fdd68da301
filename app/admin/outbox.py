"""Writes to Drive waiting in the outbox (tags of released scooters): backlog and attempts."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_timezone
from flask_babel import gettext as _

from app.admin import bp
from app.admin.responses import done
from app.outbox import backlog, deliver_soon, deliverer
from app.outbox.listing import retry_waiting_now, writes
from app.vocabulary import Delivery, TagWrite


@bp.get("/outbox")
def outbox():
    """The backlog and the writes of one status (waiting by default), with their attempts."""
    code = request.args.get("status") or Delivery.PENDING
    status = Delivery.of(code)
    known = isinstance(status, Delivery)
    html = render_template(
        "admin/outbox.html",
        status=status if known else None,
        statuses=tuple(Delivery),
        write_term=TagWrite.of,
        writes=writes(status) if known else [],
        backlog=backlog(),
        background=deliverer().enabled,
        zone=str(get_timezone()),
    )
    return html, 200 if known else 400


@bp.post("/outbox/retry")
def outbox_retry():
    """Try every waiting write again now, without waiting out its pause."""
    count = retry_waiting_now()
    deliver_soon()
    return done(
        _("Writes waiting for Drive: %(count)d. They are being sent again now.", count=count),
        "admin.outbox",
    )
