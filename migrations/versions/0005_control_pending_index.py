"""An index of the audit entries still pending, so that finding abandoned ones costs nothing.

Every command sent and every read of the audit log looks for entries left pending past the
command timeout (a worker killed mid-command). Only entries in flight are pending, so this
partial index stays a handful of rows however long the log grows.

Revision ID: 0005_control_pending
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_control_pending"
down_revision = "0004"
branch_labels = None
depends_on = None

PENDING = sa.text("outcome = 'pending'")


def upgrade():
    op.create_index(
        "ix_control_commands_pending",
        "control_commands",
        ["requested_at"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade():
    op.drop_index("ix_control_commands_pending", table_name="control_commands")
