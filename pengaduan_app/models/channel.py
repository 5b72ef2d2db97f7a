"""Conversations with people who report through WhatsApp, e-mail or SMS, and the messages sent back to them.

A sender's `address` (phone number or e-mail address) is contact data: staff may see it, the public never.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class ChannelContact(SQLModel, table=True):
    """One sender on one channel: the language they write in, and whether a moderator blocked them."""

    __tablename__ = "channel_contact"

    __table_args__ = (UniqueConstraint("channel", "address", name="uq_channel_contact"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    address: str = Field(max_length=120)
    language: str = Field(default="id", max_length=5)
    blocked: bool = Field(default=False)
    blocked_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChannelConversation(SQLModel, table=True):
    """The report a contact is putting together, as JSON; gone when filed, cancelled or quiet too long."""

    __tablename__ = "channel_conversation"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="channel_contact.id", unique=True)
    state: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChannelInbound(SQLModel, table=True):
    """Every message taken in, by the provider's id: a retried webhook is recognised and ignored.

    `report_id` marks the message that filed a report (e-mail answers reply to it, keeping the thread)."""

    __tablename__ = "channel_inbound"

    __table_args__ = (UniqueConstraint("channel", "message_id", name="uq_channel_inbound"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    message_id: str = Field(max_length=200)
    contact_id: int = Field(foreign_key="channel_contact.id", index=True)
    report_id: int | None = Field(default=None, foreign_key="report.id", index=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutboxMessage(SQLModel, table=True):
    """A message to a person on their channel, written in the transaction of what it tells.

    `status`: pending (due at `next_attempt_at`), sending (claimed until `next_attempt_at`), sent, failed.
    """

    __tablename__ = "outbox_message"

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    recipient: str = Field(max_length=120)
    subject: str = Field(default="", max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    in_reply_to: str = Field(default="", max_length=200)
    report_id: int | None = Field(default=None, foreign_key="report.id", index=True)
    status: str = Field(default="pending", max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
