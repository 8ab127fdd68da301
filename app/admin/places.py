"""Warehouses: list, add, rename, time zone, deactivate and reactivate."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from app.admin import bp, services
from app.admin.forms import PlaceEditForm, PlaceForm
from app.admin.responses import FORM_ERROR_STATUS, done, show_refusal
from app.admin.services import Refused
from app.extensions import db
from app.models import Place


def _list_page(form: PlaceForm, status: int = 200, errors: list[str] | None = None):
    places = db.session.scalars(select(Place).order_by(Place.active.desc(), Place.name))
    page = render_template("admin/places.html", form=form, places=list(places), errors=errors)
    return page, status


def _edit_page(place: Place, form: PlaceEditForm, status: int = 200, errors=None):
    return render_template("admin/place.html", place=place, form=form, errors=errors), status


@bp.get("/")
def index():
    """The administration home: one card per section."""
    return render_template("admin/index.html")


@bp.get("/places")
def places():
    """Every warehouse, with the form to add one."""
    return _list_page(PlaceForm())


@bp.post("/places")
def add_place():
    """Add a warehouse; a taken ID is refused on the form."""
    form = PlaceForm()
    if not form.validate_on_submit():
        return _list_page(form, FORM_ERROR_STATUS)
    try:
        place = services.add_place(
            form.place_id.data, form.name.data, form.timezone.data, form.name_en.data
        )
    except Refused as refusal:
        return _list_page(form, refusal.status, show_refusal(form, refusal))
    return done(_("Warehouse %(name)s added.", name=place.name), "admin.places")


@bp.get("/places/<path:place_id>")
def place(place_id: str):
    """A warehouse's edit page."""
    place = db.get_or_404(Place, place_id)
    return _edit_page(place, PlaceEditForm(obj=place))


@bp.post("/places/<path:place_id>")
def update_place(place_id: str):
    """Save a warehouse's name and time zone."""
    place = db.get_or_404(Place, place_id)
    form = PlaceEditForm()
    if not form.validate_on_submit():
        return _edit_page(place, form, FORM_ERROR_STATUS)
    services.update_place(place_id, form.name.data, form.timezone.data, form.name_en.data)
    return done(_("Warehouse %(name)s saved.", name=form.name.data), "admin.places")


@bp.post("/places/<path:place_id>/deactivate")
def deactivate_place(place_id: str):
    """Deactivate a warehouse: no new shifts or repairs start there."""
    place = services.set_place_active(place_id, False)
    return done(_("Warehouse %(name)s deactivated.", name=place.name), "admin.places")


@bp.post("/places/<path:place_id>/reactivate")
def reactivate_place(place_id: str):
    """Bring a deactivated warehouse back."""
    place = services.set_place_active(place_id, True)
    return done(_("Warehouse %(name)s reactivated.", name=place.name), "admin.places")
