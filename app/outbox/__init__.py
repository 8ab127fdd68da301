"""The Drive outbox: writes to Drive (tags) kept in our database until Drive confirms them.

``enqueue`` adds a write inside the caller's transaction; delivery (``deliver_due``, run right
after a commit, by the ``flask outbox deliver`` command and by a background thread per worker)
claims due rows with a lease, calls Drive with the row's key as the request id and settles them.
"""

from app.outbox.delivery import DeliveryReport, deliver_due
from app.outbox.queue import Backlog, backlog, enqueue
from app.outbox.worker import deliver_soon, deliverer, init_app

__all__ = [
    "Backlog",
    "DeliveryReport",
    "backlog",
    "deliver_due",
    "deliver_soon",
    "deliverer",
    "enqueue",
    "init_app",
]
