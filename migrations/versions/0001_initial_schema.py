"""Initial schema: places, users, API tokens, job types (with the ten defaults), repairs,
jobs, shifts.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATUS_CHECK = "status IN ('performing', 'completed', 'failed', 'cancelled')"
PERFORMING = sa.text("status = 'performing'")
OPEN_SHIFT = sa.text("ended_at IS NULL")

# The note's list of job types (codes are ours), in the note's order.
DEFAULT_JOB_TYPES = [
    ("wrapping", "Оклейка", "Wrapping (stickers)"),
    ("brake_adjustment", "Регулировка тормозов", "Brake adjustment"),
    ("fenders", "Крылья (замена/ремонт)", "Fenders (replace/repair)"),
    (
        "stem_play",
        "Люфт стойки (подтяжка/замена подшипника)",
        "Stem play (tighten/replace bearing)",
    ),
    ("reflectors", "Катафоты (замена)", "Reflectors (replace)"),
    ("brake_cable", "Порванный трос тормоза (замена)", "Torn brake cable (replace)"),
    (
        "dashboard_controller",
        "Дашборд/контроллер (замена/ремонт)",
        "Dashboard/controller (replace/repair)",
    ),
    ("kickstand", "Подножка (замена/ремонт)", "Kickstand (replace/repair)"),
    ("parking_lock", "Замок парковки (замена/ремонт)", "Parking lock (replace/repair)"),
    ("grips", "Грипсы (замена/очистка)", "Grips (replace/clean)"),
]


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    job_types = op.create_table(
        "job_types",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_ru", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_job_types"),
    )
    op.bulk_insert(
        job_types,
        [
            {"code": code, "name_ru": ru, "name_en": en, "position": (i + 1) * 10, "active": True}
            for i, (code, ru, en) in enumerate(DEFAULT_JOB_TYPES)
        ],
    )
    op.create_table(
        "places",
        sa.Column("place_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("place_id", name="pk_places"),
    )
    op.create_table(
        "users",
        sa.Column("performer_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("performer_id", name="pk_users"),
    )
    op.create_table(
        "repairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.String(length=64), nullable=False),
        sa.Column("performer_id", sa.String(length=64), nullable=False),
        sa.Column("vehicle_id", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("mileage_km_at_start", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint(STATUS_CHECK, name="ck_repairs_status"),
        sa.ForeignKeyConstraint(
            ["performer_id"], ["users.performer_id"], name="fk_repairs_performer_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.place_id"], name="fk_repairs_place_id_places"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_repairs"),
        sa.UniqueConstraint("repair_id", name="uq_repairs_repair_id"),
    )
    op.create_index("ix_repairs_performer_started", "repairs", ["performer_id", "started_at"])
    op.create_index("ix_repairs_place_started", "repairs", ["place_id", "started_at"])
    op.create_index("ix_repairs_started", "repairs", ["started_at"])
    op.create_index("ix_repairs_vehicle_started", "repairs", ["vehicle_id", "started_at"])
    # One performing repair per performer and per vehicle, held by the database.
    op.create_index(
        "uq_repairs_performing_performer",
        "repairs",
        ["performer_id"],
        unique=True,
        sqlite_where=PERFORMING,
        postgresql_where=PERFORMING,
    )
    op.create_index(
        "uq_repairs_performing_vehicle",
        "repairs",
        ["vehicle_id"],
        unique=True,
        sqlite_where=PERFORMING,
        postgresql_where=PERFORMING,
    )
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("performer_id", sa.String(length=64), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["performer_id"], ["users.performer_id"], name="fk_shifts_performer_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.place_id"], name="fk_shifts_place_id_places"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_shifts"),
    )
    op.create_index("ix_shifts_performer_started", "shifts", ["performer_id", "started_at"])
    op.create_index("ix_shifts_place_started", "shifts", ["place_id", "started_at"])
    op.create_index(
        "uq_shifts_open_performer",
        "shifts",
        ["performer_id"],
        unique=True,
        sqlite_where=OPEN_SHIFT,
        postgresql_where=OPEN_SHIFT,
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("repair_pk", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(STATUS_CHECK, name="ck_jobs_status"),
        sa.ForeignKeyConstraint(["repair_pk"], ["repairs.id"], name="fk_jobs_repair_pk_repairs"),
        sa.ForeignKeyConstraint(["type"], ["job_types.code"], name="fk_jobs_type_job_types"),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.UniqueConstraint("job_id", name="uq_jobs_job_id"),
    )
    op.create_index("ix_jobs_repair_started", "jobs", ["repair_pk", "started_at"])
    op.create_index("ix_jobs_type_started", "jobs", ["type", "started_at"])


def downgrade():
    op.drop_table("jobs")
    op.drop_table("shifts")
    op.drop_table("repairs")
    op.drop_table("users")
    op.drop_table("places")
    op.drop_table("job_types")
    op.drop_table("api_tokens")
