"""An index for a scooter's last completed repair (the repair-history API and the scooter card).

Without it, finding the last completed repair reads every repair of the scooter, each on its own
heap page two years apart; with it, a few index pages (PERFORMANCE.md, item 2).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COMPLETED = sa.text("status = 'completed'")


def upgrade():
    op.create_index(
        "ix_repairs_vehicle_completed",
        "repairs",
        ["vehicle_id", "finished_at", "id"],
        sqlite_where=COMPLETED,
        postgresql_where=COMPLETED,
    )


def downgrade():
    op.drop_index("ix_repairs_vehicle_completed", table_name="repairs")
