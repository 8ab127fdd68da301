"""The control-command audit log and the cache of what Drive told us about vehicles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "control_commands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("performer_id", sa.String(length=64), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("repair_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('pending', 'ok', 'failed', 'unknown', 'denied')",
            name="ck_control_commands_outcome",
        ),
        sa.ForeignKeyConstraint(
            ["performer_id"], ["users.performer_id"], name="fk_control_commands_performer_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_control_commands"),
    )
    op.create_index(
        "ix_control_commands_performer_requested",
        "control_commands",
        ["performer_id", "requested_at"],
    )
    op.create_index("ix_control_commands_requested", "control_commands", ["requested_at"])
    op.create_index(
        "ix_control_commands_vehicle_requested", "control_commands", ["vehicle_id", "requested_at"]
    )
    op.create_table(
        "vehicles",
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("model", sa.String(length=64), nullable=True),
        sa.Column("mileage_km", sa.Float(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("vehicle_id", name="pk_vehicles"),
    )
    op.create_index("ix_vehicles_number", "vehicles", ["number"])


def downgrade():
    op.drop_table("vehicles")
    op.drop_table("control_commands")
