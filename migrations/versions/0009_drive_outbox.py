"""The Drive outbox: tag writes kept until Drive confirms them, and their delivery attempts.

Revision ID: 0009_drive_outbox
Revises: 0007_job_comment
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_drive_outbox"
down_revision = "0007_job_comment"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_table(
        "drive_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=32), nullable=True),
        sa.Column("last_detail", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'delivered', 'rejected')", name=op.f("ck_drive_outbox_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drive_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_drive_outbox_key")),
    )
    op.create_index("ix_drive_outbox_vehicle_created", "drive_outbox", ["vehicle_id", "created_at"])
    op.create_index(
        "ix_drive_outbox_due",
        "drive_outbox",
        ["next_attempt_at"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    op.create_table(
        "drive_outbox_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('pending', 'ok', 'failed', 'unknown', 'denied')",
            name=op.f("ck_drive_outbox_attempts_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["drive_outbox.id"],
            name=op.f("fk_drive_outbox_attempts_entry_id_drive_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drive_outbox_attempts")),
    )
    op.create_index(
        "ix_drive_outbox_attempts_entry", "drive_outbox_attempts", ["entry_id", "started_at"]
    )
    op.create_index("ix_drive_outbox_attempts_started", "drive_outbox_attempts", ["started_at"])


def downgrade():
    op.drop_table("drive_outbox_attempts")
    op.drop_table("drive_outbox")
