"""What a person who filed a report on a messaging channel is told about its public steps.

Queued in the transaction of the step, in their language, on the channel they wrote from; an e-mail is a
reply to the message that filed the report, so it stays in their thread.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..config import get_settings
from ..i18n import translate
from ..models import ChannelContact, ChannelInbound, Photo, Report
from . import status
from .outbox import enqueue
from .public_reports import media_url
from .public_wording import public_note, public_step
from .validation import MESSAGING_CHANNELS


def channel_contact(session: Session, report: Report) -> ChannelContact | None:
    if report.channel not in MESSAGING_CHANNELS or not report.reporter_contact:
        return None
    return session.exec(
        select(ChannelContact).where(
            ChannelContact.channel == report.channel, ChannelContact.address == report.reporter_contact
        )
    ).first()


def _thread(session: Session, report: Report) -> tuple[str, str]:
    """(subject, In-Reply-To) for an e-mail about `report`: a reply to the message that filed it."""
    if report.channel != "email":
        return "", ""
    first = session.exec(select(ChannelInbound.message_id).where(ChannelInbound.report_id == report.id)).first()
    return f"Re: [{report.tracking_code}] {report.title}", first or ""


def send_about(session: Session, report: Report, contact: ChannelContact, body: str) -> None:
    subject, in_reply_to = _thread(session, report)
    enqueue(
        session, contact.channel, contact.address, body, subject=subject, in_reply_to=in_reply_to, report_id=report.id
    )


def queue_report_update(session: Session, report: Report, action: str, note: str) -> None:
    """Tell the person who filed `report` on a channel about a public step (nothing for other reports)."""
    contact = channel_contact(session, report)
    if contact is None or contact.blocked:
        return
    lang = contact.language
    step = public_step(lang, action, note, duplicate=report.duplicate_of_id is not None)
    public_word = translate(lang, f"status.{status.public_status(report.status).code}")
    link = f"{get_settings().public_base_url}/laporan/{report.tracking_code}"
    lines = [translate(lang, "intake.update", code=report.tracking_code, step=step, status=public_word)]
    if note:
        lines.append(public_note(action, note))
    if action == "resolve":
        after = session.exec(
            select(Photo.filename).where(Photo.report_id == report.id, Photo.kind == "after").order_by(Photo.position)
        ).first()
        if after:
            lines.append(
                translate(lang, "intake.update.after_photo", url=get_settings().public_base_url + media_url(after))
            )
    lines.append(link)
    send_about(session, report, contact, "\n".join(lines))
