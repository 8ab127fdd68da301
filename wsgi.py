"""The WSGI entry point in a checkout: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from app.wsgi import app  # noqa: F401
