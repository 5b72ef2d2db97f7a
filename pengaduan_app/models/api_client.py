from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class ApiKey(SQLModel, table=True):
    """A key an Open311 client sends as `api_key`.

    The key reads `pgd_<prefix>_<secret>`: `prefix` finds the row and is shown to
    admins; only the SHA-256 of the whole key is stored, so a leaked database
    gives no working key.
    """

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    prefix: str = Field(max_length=16, unique=True, index=True)
    key_hash: str = Field(max_length=64)
    created_by: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiSubmission(SQLModel, table=True):
    """A report filed through the API: which key sent it, and the `token` the client may look it up by."""

    __tablename__ = "api_submission"

    token: str = Field(primary_key=True, max_length=64)
    report_id: int = Field(foreign_key="report.id", unique=True)
    api_key_id: int = Field(foreign_key="api_key.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReportAttribute(SQLModel, table=True):
    """An answer to a category's extra question (an Open311 service attribute), e.g. banjir's water depth."""

    __tablename__ = "report_attribute"

    report_id: int = Field(foreign_key="report.id", primary_key=True)
    code: str = Field(max_length=40, primary_key=True)
    value: str = Field(max_length=200)


class ApiKeyUse(SQLModel, table=True):
    """How many POSTs a key made in one minute (minutes since the epoch): the per-key rate limit, counted in the
    database so that it holds across every worker."""

    __tablename__ = "api_key_use"

    api_key_id: int = Field(foreign_key="api_key.id", primary_key=True)
    minute: int = Field(primary_key=True)
    count: int = 0
