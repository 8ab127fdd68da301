"""Field missions and their scooter points; a repair may be done at a mission's point. And a
warehouse's optional English name.

Existing repairs keep their warehouse and get no mission (`mission_id` null): a warehouse repair.

Revision ID: 0011_field_missions
Revises: 0010_events
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_field_missions"
down_revision = "0010_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "missions",
        sa.Column("mission_id", sa.String(length=64), nullable=False),
        sa.Column("performer_id", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_missions_status")),
        sa.ForeignKeyConstraint(
            ["performer_id"],
            ["users.performer_id"],
            name=op.f("fk_missions_performer_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.place_id"], name=op.f("fk_missions_place_id_places")
        ),
        sa.PrimaryKeyConstraint("mission_id", name=op.f("pk_missions")),
    )
    op.create_index(op.f("ix_missions_performer_id"), "missions", ["performer_id"])
    op.create_table(
        "mission_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("repair_id", sa.String(length=64), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'failed', 'skipped')",
            name=op.f("ck_mission_points_status"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.mission_id"],
            name=op.f("fk_mission_points_mission_id_missions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_points")),
        sa.UniqueConstraint("mission_id", "position", name="uq_mission_points_position"),
        sa.UniqueConstraint("mission_id", "vehicle_id", name="uq_mission_points_vehicle"),
    )
    with op.batch_alter_table("places") as batch:
        batch.add_column(sa.Column("name_en", sa.String(length=200), nullable=True))
    with op.batch_alter_table("repairs") as batch:
        batch.add_column(sa.Column("mission_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            op.f("fk_repairs_mission_id_missions"), "missions", ["mission_id"], ["mission_id"]
        )
        batch.create_index(op.f("ix_repairs_mission_id"), ["mission_id"])


def downgrade():
    with op.batch_alter_table("repairs") as batch:
        batch.drop_index(op.f("ix_repairs_mission_id"))
        batch.drop_constraint(op.f("fk_repairs_mission_id_missions"), type_="foreignkey")
        batch.drop_column("mission_id")
    with op.batch_alter_table("places") as batch:
        batch.drop_column("name_en")
    op.drop_table("mission_points")
    op.drop_index(op.f("ix_missions_performer_id"), table_name="missions")
    op.drop_table("missions")
