"""gunicorn settings: `gunicorn -c python:app.gunicorn_conf app.wsgi:app` (an install), or
`gunicorn wsgi:app` in a checkout, whose gunicorn.conf.py imports this.

gunicorn answers some malformed requests itself, before the app sees them (a request line
over its limit, bad headers). Its own answer is an HTML page; API clients are promised JSON
errors, so the page is replaced by the same JSON error body the app uses.

The app's settings are checked here, in the master, before any worker starts: a bad value,
an unreachable database or Redis, or no SECRET_KEY with PostgreSQL stops gunicorn with one
line naming the variable.
"""

import json
import os

from gunicorn import util

from app import paths, settings

_instance = paths.instance_path()
os.makedirs(_instance, exist_ok=True)  # as create_app does, for the default SQLite file
with settings.exit_on_bad_value():
    # Checked only (each worker's app reads them): the values, then what they point at.
    settings.check_environment(settings.load(instance_path=_instance))

# Metrics from every worker (app/metrics.py): each writes its samples here, /metrics sums them.
# Set before any worker imports prometheus_client; emptied at start (a dead master's files).
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.path.join(_instance, "metrics"))


_multiprocess = None  # prometheus_client.multiprocess, imported by the master at start


def on_starting(server):
    global _multiprocess
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.unlink(os.path.join(folder, name))
    # Imported here, once, not in child_exit: that runs in the master's SIGCHLD handler, and
    # two workers dying at once would re-enter a half-done import and kill the master.
    from prometheus_client import multiprocess

    _multiprocess = multiprocess


def child_exit(server, worker):
    """A worker's live gauges (the breaker state) leave with it. Bookkeeping only: whatever
    goes wrong here is logged, never allowed to stop the master."""
    if _multiprocess is None:
        return
    try:
        _multiprocess.mark_process_dead(worker.pid)
    except Exception as error:  # the master must outlive any metrics trouble
        server.log.warning("metrics: could not retire worker %s: %s", worker.pid, error)


# Which proxies to believe is the app's rule alone (TRUSTED_PROXIES, app/proxies.py): gunicorn
# itself believes no forwarded scheme header from anyone, loopback included.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}

limit_request_line = 8190  # the largest gunicorn allows; beyond it gunicorn answers itself


def _write_json_error(sock, status_int, reason, mesg):
    """gunicorn's own errors as `{"error": {"code", "message"}}`."""
    code = "invalid_request" if status_int < 500 else "internal_error"
    body = json.dumps({"error": {"code": code, "message": f"{reason}: {mesg}"}}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


util.write_error = _write_json_error


def post_worker_init(worker):
    """Move what the loaded app allocated out of the garbage collector's sight.

    The app, SQLAlchemy's compiled caches, Babel and Jinja are long-lived: without this, every
    full collection walks them again, a pause of several milliseconds in some request.
    """
    import gc

    gc.collect()
    gc.freeze()
