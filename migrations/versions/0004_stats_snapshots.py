"""Precomputed statistics reports (stale-while-revalidate snapshots), and the km a scooter
rode since its previous repair that completed the same job type, kept on each completed job.

The backfill is a frozen copy of app/repairs/km_between.py's rule (now app/mileage/same_job.py):
about 70 s for 10 M jobs on PostgreSQL.

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

BACKFILL = """
UPDATE jobs SET km_since_same_type = chained.km
FROM (
    SELECT done.repair_pk, done.type,
           done.mileage - LAG(done.mileage) OVER (
               PARTITION BY done.vehicle_id, done.type
               ORDER BY done.started_at, done.repair_pk
           ) AS km
    FROM (
        SELECT DISTINCT r.id AS repair_pk, r.vehicle_id, r.started_at,
               r.mileage_km_at_start AS mileage, j.type
        FROM jobs j JOIN repairs r ON r.id = j.repair_pk
        WHERE j.status = 'completed' AND r.mileage_km_at_start IS NOT NULL
    ) AS done
) AS chained
WHERE jobs.repair_pk = chained.repair_pk
  AND jobs.type = chained.type
  AND jobs.status = 'completed'
  AND chained.km IS NOT NULL
"""


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
    op.execute(BACKFILL)


def downgrade():
    op.drop_column("jobs", "km_since_same_type")
    op.drop_table("stats_snapshots")
