"""Warehouses ("places"): they exist upstream; we keep their id, name and time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db

DEFAULT_TIMEZONE = "Europe/Moscow"


class Place(db.Model):
    __tablename__ = "places"

    place_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # as managers named it (Russian)
    name_en: Mapped[str | None] = mapped_column(String(200))  # in English, if given
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name_in(self, language: str) -> str:
        """The name in `language` ("en": the English one when given), Russian otherwise."""
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def zone(self) -> ZoneInfo:
        """The warehouse's time zone, for showing local times."""
        return ZoneInfo(self.timezone)
