"""Precomputed statistics reports (stale-while-revalidate snapshots), and the km a scooter
rode since its previous repair that completed the same job type, kept on each completed job.

The column's backfill ran here once (15 minutes on 10 M jobs, `jobs` locked throughout); it
is now the batched data migration `0004_km_since_same_type` (app/data_migrations/), run by
`flask data migrate` after `flask db upgrade`. Databases migrated before keep their values.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stats_snapshots",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=True),
        sa.Column("refreshing_since", sa.DateTime(), nullable=True),
        sa.Column("viewed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_stats_snapshots"),
    )
    op.create_index("ix_stats_snapshots_viewed", "stats_snapshots", ["viewed_at"])
    op.add_column("jobs", sa.Column("km_since_same_type", sa.Float(), nullable=True))


def downgrade():
    op.drop_column("jobs", "km_since_same_type")
    op.drop_table("stats_snapshots")
