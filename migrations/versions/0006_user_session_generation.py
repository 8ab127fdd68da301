"""Each user's session generation: every session carries the number it began with, and
log-out, a PIN change, deactivation or a role change add one, ending them all at once.

Revision ID: 0006
Revises: 0005_control_pending
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005_control_pending"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
