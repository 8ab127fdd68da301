"""Complaints about scooters, the jobs addressing them, and scooters' stage events (issue 14).

New tables only: every existing repair reads as before.

Revision ID: 0008
Revises: 0009_drive_outbox (0007 on main)
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009_drive_outbox"  # on main: "0007"; the lead re-chains at merge
branch_labels = None
depends_on = None

SOURCES = (
    "'user_support', 'energizer_support', 'relocation_mission', 'repairer', 'manager', 'drive'"
)
STAGES = "'reported', 'picked_up', 'arrived', 'released', 'back_on_street', 'left_unrepaired'"


def upgrade():
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("repair_pk", sa.Integer(), nullable=True),
        sa.Column("tag_id", sa.String(length=128), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"source IN ({SOURCES})", name="ck_complaints_source"),
        sa.CheckConstraint(
            "status IN ('open', 'resolved', 'rejected')", name="ck_complaints_status"
        ),
        sa.ForeignKeyConstraint(
            ["repair_pk"], ["repairs.id"], name="fk_complaints_repair_pk_repairs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_complaints"),
        sa.UniqueConstraint("complaint_id", name="uq_complaints_complaint_id"),
        sa.UniqueConstraint("tag_id", name="uq_complaints_tag_id"),
    )
    op.create_index("ix_complaints_vehicle_reported", "complaints", ["vehicle_id", "reported_at"])
    op.create_index(
        "ix_complaints_open_reported",
        "complaints",
        ["reported_at"],
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "complaint_jobs",
        sa.Column("complaint_pk", sa.Integer(), nullable=False),
        sa.Column("job_pk", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_pk"], ["complaints.id"], name="fk_complaint_jobs_complaint_pk_complaints"
        ),
        sa.ForeignKeyConstraint(["job_pk"], ["jobs.id"], name="fk_complaint_jobs_job_pk_jobs"),
        sa.PrimaryKeyConstraint("complaint_pk", "job_pk", name="pk_complaint_jobs"),
    )
    op.create_index("ix_complaint_jobs_job_pk", "complaint_jobs", ["job_pk"])
    op.create_table(
        "stage_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=True),
        sa.Column("by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"stage IN ({STAGES})", name="ck_stage_events_stage"),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.place_id"], name="fk_stage_events_place_id_places"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stage_events"),
        sa.UniqueConstraint("event_id", name="uq_stage_events_event_id"),
    )
    op.create_index("ix_stage_events_vehicle_at", "stage_events", ["vehicle_id", "at"])
    op.create_index("ix_stage_events_stage_at", "stage_events", ["stage", "at"])


def downgrade():
    op.drop_table("stage_events")
    op.drop_table("complaint_jobs")
    op.drop_table("complaints")
