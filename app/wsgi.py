"""The WSGI entry point of an install: `gunicorn -c python:app.gunicorn_conf app.wsgi:app`,
`flask --app app.wsgi ...` (a checkout's wsgi.py is the same app)."""

from app import create_app
from app.settings import exit_on_bad_value

with exit_on_bad_value():  # a bad setting: one line naming it, no traceback
    app = create_app()
