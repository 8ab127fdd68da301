"""The administration forms; each field's rule comes from app.admin.rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import TextInput

from app.admin import rules
from app.clock import DAY_FORMATS, is_supported_date
from app.i18n import DATES_OUT_OF_RANGE
from app.models.places import DEFAULT_TIMEZONE


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _rule(predicate, message):
    """A WTForms validator from one of the rules."""

    def check(_form, field) -> None:
        if not predicate(field.data):
            raise ValidationError(message)

    return check


def _name(label, max_length: int = rules.NAME_MAX) -> StringField:
    return StringField(
        label,
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter a name.")),
            Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length)),
        ],
    )


def _identifier(label) -> StringField:
    return StringField(
        label,
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter an ID.")),
            _rule(rules.is_valid_identifier, _l("Up to 64 printable characters.")),
        ],
    )


def _timezone() -> SelectField:
    # Any IANA zone is accepted (the CLI may have set one that the list leaves out).
    return SelectField(
        _l("Time zone"),
        choices=rules.timezone_choices(),
        default=DEFAULT_TIMEZONE,
        validate_choice=False,
        validators=[_rule(rules.is_valid_timezone, _l("Choose a time zone from the list."))],
    )


def _role() -> SelectField:
    return SelectField(
        _l("Role"),
        choices=[SelectChoice("repairer", _l("Repairer")), SelectChoice("manager", _l("Manager"))],
        validate_choice=False,
        validators=[_rule(rules.is_valid_role, _l("Choose a role from the list."))],
    )


def _pin(label) -> PasswordField:
    # How strong it must be depends on the role and the performer ID: see services.
    return PasswordField(label)


class PlaceEditForm(FlaskForm):
    name = _name(_l("Warehouse name"))
    name_en = StringField(
        _l("Name in English (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=rules.NAME_MAX, message=_l("At most %(max)d characters.", max=rules.NAME_MAX)
            ),
        ],
    )
    timezone = _timezone()


class PlaceForm(PlaceEditForm):
    place_id = _identifier(_l("Warehouse ID"))


class UserEditForm(FlaskForm):
    name = _name(_l("Full name"))
    role = _role()
    manager_pin = _pin(_l("Manager's passphrase or PIN"))  # to make a repairer a manager


class UserForm(FlaskForm):
    performer_id = _identifier(_l("Performer ID"))
    name = _name(_l("Full name"))
    role = _role()
    pin = _pin(_l("PIN"))


class PinForm(FlaskForm):
    pin = _pin(_l("New PIN"))


class JobTypeEditForm(FlaskForm):
    name_ru = _name(_l("Name in Russian"))
    name_en = _name(_l("Name in English"))


class JobTypeForm(JobTypeEditForm):
    code = StringField(
        _l("Code"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter a code.")),
            _rule(
                rules.is_valid_job_type_code,
                _l("Latin lowercase letters, digits and _, starting with a letter."),
            ),
        ],
    )


class TokenForm(FlaskForm):
    name = _name(_l("Token name"), max_length=rules.TOKEN_NAME_MAX)
    # A key per rendered form: sending the same form again (a reload) creates no second token.
    form_key = HiddenField()


# A date that could not be read already has its own error: no second one.
_date_in_range = _rule(lambda day: day is None or is_supported_date(day), DATES_OUT_OF_RANGE)


def _day_field(label) -> DateField:
    """A date typed as the pages show one (26.11.2026), not the browser's locale's picker."""
    return DateField(
        label,
        format=list(DAY_FORMATS),
        widget=TextInput(),
        validators=[Optional(), _date_in_range],
        render_kw={"placeholder": _l("dd.mm.yyyy"), "autocomplete": "off"},
    )


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    scooter = StringField(_l("Scooter"), filters=[_strip])
    performer_id = SelectField(_l("Performer"), default="")
    action = SelectField(_l("Command"), default="")
    outcome = SelectField(_l("Outcome"), default="")
    date_from = _day_field(_l("From"))
    date_to = _day_field(_l("To"))

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))
