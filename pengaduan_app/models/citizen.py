from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Citizen(SQLModel, table=True):
    """A resident's optional account: signed in with an email address or a phone number."""

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=120, unique=True, index=True)  # normalised email or phone
    display_name: str = Field(default="", max_length=80)
    email: str | None = Field(default=None, max_length=120)
    password_hash: str = Field(max_length=255)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # Keyed hash of the address it signed up from (the sign-up limits count it); never the address itself.
    signup_client: str | None = Field(default=None, max_length=32, index=True)
    # Set once the owner followed a link mailed to `email`; e-mails go only to verified addresses. Phones: never.
    email_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AccountMail(SQLModel, table=True):
    """An account e-mail or a sign-up attempt on a taken login, counted by the limits.

    `kind` "verify": a link to prove the e-mail is the owner's; only the token's SHA-256 is kept, it works once
    (`used_at`) until `expires_at`. `kind` "exists": someone tried to register a login that has an account
    (`client` is their address's keyed hash, counted like a new account so both answers cost the same);
    `email` is set when the owner was told by e-mail.
    """

    __tablename__ = "account_mail"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    kind: str = Field(max_length=10)
    email: str | None = Field(default=None, max_length=120)
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    client: str | None = Field(default=None, max_length=32, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CitizenSession(SQLModel, table=True):
    __tablename__ = "citizen_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class Follow(SQLModel, table=True):
    """Someone follows a report: `follower_key` is `u:<citizen id>` or `v:<browser id>` (as for supports)."""

    __table_args__ = (UniqueConstraint("report_id", "follower_key", name="uq_follow_report_follower"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    follower_key: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """An in-app notice to a follower about a public change of a report."""

    __table_args__ = (Index("ix_notification_follower_read", "follower_key", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    follower_key: str = Field(max_length=64)
    report_id: int = Field(foreign_key="report.id", index=True)
    action: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
