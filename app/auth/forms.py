"""The login form: performer id and a PIN (a manager's may be a passphrase)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.models.users import SECRET_MAX


class LoginForm(FlaskForm):
    performer_id = StringField(_l("Performer ID"), validators=[DataRequired(), Length(max=64)])
    pin = PasswordField(
        _l("PIN"),
        validators=[
            DataRequired(_l("Enter the PIN.")),
            Length(max=SECRET_MAX, message=_l("Wrong performer ID or PIN.")),
        ],
    )
