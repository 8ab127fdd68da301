"""The login form: performer id and a numeric PIN."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp


class LoginForm(FlaskForm):
    performer_id = StringField(_l("Performer ID"), validators=[DataRequired(), Length(max=64)])
    pin = PasswordField(
        _l("PIN"),
        validators=[DataRequired(), Regexp(r"^\d{4,8}$", message=_l("The PIN is 4-8 digits."))],
    )
