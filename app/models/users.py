"""Repairers and managers (who log in with a PIN) and API tokens (service credentials)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from enum import StrEnum

from flask import current_app
from sqlalchemy import String, inspect, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.clock import utcnow
from app.database import UTCDateTime
from app.extensions import db

# The longest PIN or passphrase anyone may set or type (the login form and the admin rules).
SECRET_MAX = 128


class Role(StrEnum):
    REPAIRER = "repairer"
    MANAGER = "manager"


class User(db.Model):
    __tablename__ = "users"

    performer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default=Role.REPAIRER)
    pin_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every session carries the generation it began in; adding one ends them all at once.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_pin(self, pin: str) -> None:
        """Store the PIN hashed (scrypt unless PIN_HASH_METHOD says otherwise)."""
        self.pin_hash = generate_password_hash(pin, current_app.config["PIN_HASH_METHOD"])

    def check_pin(self, pin: str) -> bool:
        """True when `pin` is this user's PIN."""
        return check_password_hash(self.pin_hash, pin)

    def end_sessions(self) -> None:
        """End every session of this user, on every worker and host, at the next commit."""
        if inspect(self).persistent:  # a new user has no sessions yet
            self.session_generation = User.session_generation + 1  # atomic in SQL

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


def hash_token(raw: str) -> str:
    """Tokens are long random strings, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def issue(cls, name: str) -> tuple[ApiToken, str]:
        """Make a new token; the raw value is returned once and never stored."""
        raw = "sor_" + secrets.token_urlsafe(32)
        return cls(name=name, token_hash=hash_token(raw), prefix=raw[:8]), raw

    @classmethod
    def is_active(cls, token_hash: str) -> bool:
        """Is there an unrevoked token with this hash?"""
        found = select(cls.id).where(cls.token_hash == token_hash, cls.revoked_at.is_(None))
        return db.session.scalar(found) is not None
