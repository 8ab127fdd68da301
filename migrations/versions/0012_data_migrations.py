"""Where each batched data migration stands (`flask data migrate`, app/data_migrations/).

Long data changes no longer run inside a schema migration: `flask db upgrade` only changes the
schema (seconds, short locks), and `flask data migrate` then rewrites the rows in small
batches, each its own transaction, resumable. 0004's backfill of `jobs.km_since_same_type` is
the first: databases migrated before this keep the values 0004 wrote (recomputing them gives
the same numbers).

Revision ID: 0012
Revises: 0011_field_missions
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011_field_missions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_migrations",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=True),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_migrations")),
    )


def downgrade():
    op.drop_table("data_migrations")
