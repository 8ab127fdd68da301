"""Precomputed statistics reports: one row per scope (period and warehouse), refreshed in the
background while the page keeps showing the last one (see app/manager/stats/cache.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime
from app.extensions import db


class StatsSnapshot(db.Model):
    __tablename__ = "stats_snapshots"
    __table_args__ = (Index("ix_stats_snapshots_viewed", "viewed_at"),)

    # "2026-10-28/2026-11-26/wh-1", "" for all warehouses: the normalised scope.
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    place_id: Mapped[str] = mapped_column(String(64), default="")
    report: Mapped[str | None] = mapped_column(Text)  # JSON; None until first computed
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while one worker recomputes the report; others leave it alone until it is old.
    refreshing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
