"""gunicorn reads this from the working directory: a checkout's `gunicorn wsgi:app` gets the
same settings as an install's `gunicorn -c python:app.gunicorn_conf app.wsgi:app`."""

from app.gunicorn_conf import *  # noqa: F403
