"""What officers may do with the person behind a report filed on a messaging channel.

Officers who may handle the report see the channel and address, can write to the person directly (the text
is kept on the staff timeline) and can block the sender, whose messages are then ignored. The address stays
staff-visible contact data: none of this reaches the public.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ..errors import Refused
from ..i18n import translate
from ..models import ChannelContact, Report
from ..models.types import utcnow
from .accounts import StaffIdentity
from .audit import record
from .handling import load_for_handling
from .notifications import channel_contact, send_about
from .timeline import apply_step
from .validation import clean_text

MESSAGE_MAX = 1000


class ChannelError(Refused):
    """Nothing was changed; `code` is a translation key."""


@dataclass(frozen=True)
class ChannelReporter:
    """What the staff report page shows about the person on the channel (staff only)."""

    channel: str
    address: str
    blocked: bool


def reporter_on_channel(session: Session, identity: StaffIdentity | None, code: str) -> ChannelReporter | None:
    """The channel person of a report this officer may handle; None for reports from the web, desk or API."""
    report = load_for_handling(session, identity, code)
    contact = channel_contact(session, report)
    return ChannelReporter(contact.channel, contact.address, contact.blocked) if contact else None


def _channel_report(session: Session, identity: StaffIdentity | None, code: str) -> tuple[Report, ChannelContact]:
    report = load_for_handling(session, identity, code)
    contact = channel_contact(session, report)
    if contact is None:
        raise ChannelError("channel.error.no_channel")
    return report, contact


def message_reporter(session: Session, identity: StaffIdentity | None, code: str, text: str) -> None:
    """Write to the person on their channel (e.g. to ask for a detail); the staff timeline keeps the text."""
    report, contact = _channel_report(session, identity, code)
    body = clean_text(text or "", multiline=True)
    if not body:
        raise ChannelError("error.note_required")
    if len(body) > MESSAGE_MAX:
        raise ChannelError("error.note_too_long", max=MESSAGE_MAX)
    if contact.blocked:
        raise ChannelError("channel.error.blocked")
    apply_step(session, report, "message", officer=identity, note=body, public=False, channel=contact.channel)
    lang = contact.language
    send_about(session, report, contact, translate(lang, "intake.staff_message", code=report.tracking_code, text=body))


def block_sender(session: Session, identity: StaffIdentity | None, code: str, *, blocked: bool = True) -> None:
    """Stop (or allow again) everything from the sender of this report: their messages are ignored."""
    report, contact = _channel_report(session, identity, code)
    contact.blocked = blocked
    contact.blocked_by_id = identity.id if blocked else None
    contact.blocked_at = utcnow() if blocked else None
    session.add(contact)
    record(session, identity, "block_sender" if blocked else "unblock_sender", report, channel=contact.channel)
