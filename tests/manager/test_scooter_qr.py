"""A scooter's page shows its own QR label, which encodes the scooter's short link."""

from __future__ import annotations

from app.extensions import db
from app.models import Vehicle
from tests import factories
from tests.support.pages import log_in


def test_the_scooter_page_shows_its_qr_code(client, workshop):
    db.session.add(Vehicle(vehicle_id="veh-q", number="0421", model="ninebot_max_g30"))
    db.session.commit()
    log_in(client, "rep-1", factories.DEFAULT_PIN)

    page = client.get("/manager/scooters/veh-q").get_data(as_text=True)
    svg = client.get("/admin/labels/qr/0421.svg")

    assert 'src="/admin/labels/qr/0421.svg"' in page
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
