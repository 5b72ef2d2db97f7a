from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who did what, when, to which report or account; `detail` is JSON (may hold redacted originals)."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    action: str = Field(max_length=40)
    report_id: int | None = Field(default=None, foreign_key="report.id", index=True)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
