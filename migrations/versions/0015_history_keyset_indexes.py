"""Indexes in the manager history's own order, (started_at, id), for every filter it offers.

The history lists repairs newest first by (started_at DESC, id DESC) and pages by that key.
The three indexes ending in `started_at` gave that order only up to ties, so every page ran an
Incremental Sort; they now end in `id` too, and the status filter (a rare status, like
cancelled, read page after page) gets one of its own. On PostgreSQL the planner also learns
that a repairer works at one warehouse (CREATE STATISTICS): it took the two filters for
independent, expected a handful of rows and sorted all of the repairer's repairs. EXPLAIN of
every filter combination, page 1 and page 1,000: docs/PERFORMANCE.md, "Round 3: the manager's
history".

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None

# (old name, old columns) -> (new name, new columns); None: no index before
REPLACED = [
    (("ix_repairs_started", ["started_at"]), ("ix_repairs_started_id", ["started_at", "id"])),
    (
        ("ix_repairs_place_started", ["place_id", "started_at"]),
        ("ix_repairs_place_started_id", ["place_id", "started_at", "id"]),
    ),
    (
        ("ix_repairs_performer_started", ["performer_id", "started_at"]),
        ("ix_repairs_performer_started_id", ["performer_id", "started_at", "id"]),
    ),
    (None, ("ix_repairs_status_started_id", ["status", "started_at", "id"])),
]


STATISTICS = "st_repairs_place_performer"


def upgrade():
    for old, (name, columns) in REPLACED:
        op.create_index(name, "repairs", columns)  # before the old one goes: no gap
        if old is not None:
            op.drop_index(old[0], table_name="repairs")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE STATISTICS {STATISTICS} (dependencies) ON place_id, performer_id FROM repairs"
        )
        op.execute("ANALYZE repairs")  # seconds on 2 M repairs; the plans need it at once


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    for old, (name, _columns) in reversed(REPLACED):
        if old is not None:
            op.create_index(old[0], "repairs", old[1])
        op.drop_index(name, table_name="repairs")
