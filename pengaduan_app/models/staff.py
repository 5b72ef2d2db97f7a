from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class StaffUser(SQLModel, table=True):
    """An officer or admin. `role` is one of domain.staff.roles.ROLES; `agency` only for dinas officers."""

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    agency: str | None = Field(default=None, max_length=40)
    active: bool = Field(default=True)
    email: str | None = Field(default=None, max_length=254)  # where the daily digest goes (none: no digest)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Two-factor sign-in (domain/credentials.py): the TOTP secret, encrypted; set but not enabled while enrolling.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_enabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    totp_last_step: int | None = Field(default=None)  # the last accepted time step: a code is good once


class StaffArea(SQLModel, table=True):
    """The areas an officer is responsible for."""

    __tablename__ = "staff_area"

    user_id: int = Field(foreign_key="staff_user.id", primary_key=True)
    area_id: int = Field(foreign_key="area.id", primary_key=True)


class StaffSession(SQLModel, table=True):
    """A signed-in browser; only the SHA-256 of the token is stored."""

    __tablename__ = "staff_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class SignInAttempt(SQLModel, table=True):
    """Failed sign-ins, counted per username and per client address to throttle guessing."""

    __tablename__ = "sign_in_attempt"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, index=True)
    client: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class StaffRecoveryCode(SQLModel, table=True):
    """A one-time code that replaces the phone's; only its SHA-256 is stored, `used_at` once spent."""

    __tablename__ = "staff_recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
