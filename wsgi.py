"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from app import create_app
from app.settings import exit_on_bad_value

with exit_on_bad_value():  # a bad setting: one line naming it, no traceback
    app = create_app()
