"""Where each batched data migration (app/data_migrations/) stands: how far it got, so an
interrupted run resumes there, and when it finished."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime
from app.extensions import db


class DataMigration(db.Model):
    __tablename__ = "data_migrations"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    # The last key of the last batch done (e.g. a vehicle id); None: nothing done yet.
    position: Mapped[str | None] = mapped_column(String(200))
    batches: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
