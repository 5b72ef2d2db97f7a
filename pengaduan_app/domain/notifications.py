"""Telling people about a report: followers (in the app and by e-mail), the person who filed it on a messaging
channel, and the outbox that carries every message to its channel.

A follower is named like a supporter: `u:<citizen id>` for an account, `v:<browser id>`
for a visitor's browser. Notifications are written in the same transaction as the
change; so are the e-mails to followers whose account has a verified address, queued in the outbox
and sent once it commits (a moderator's later redaction still reaches them there).

A person who filed on a messaging channel is told of the report's public steps in the transaction of the step,
in their language, on the channel they wrote from; an e-mail is a reply to the message that filed the report, so
it stays in their thread.

The outbox keeps messages to people on their own channel (WhatsApp, e-mail, SMS) in a table until delivered. A
message is written in the same transaction as what it tells, so a rolled-back step sends nothing. After the
commit the deliverer is woken; it claims due messages one by one (a claim is a conditional UPDATE, so two
processes never both take a message), sends, and marks each sent, or due again later with a growing pause
when the provider fails. An outage loses nothing and a message is marked sent once. Only a process killed
between the provider's answer and the mark can send one twice, after the claim's lease runs out.
Followers' e-mails wait there too (channel NOTICE). A moderator's redaction rewrites every unsent message of the
report that quotes the original (`rewrite_unsent`), hiding a report drops its unsent notices (`drop_unsent`):
what was queued before the moderator acted is sent as the moderator left it, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, func, insert, literal, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..config import get_settings
from ..db import after_commit
from ..errors import Refused
from ..i18n import translate
from ..mail.smtp import ReportUpdate, report_update_text
from ..models import (
    ChannelContact,
    ChannelInbound,
    Citizen,
    Follow,
    Notification,
    OutboxMessage,
    Photo,
    Report,
)
from ..models.types import utcnow
from . import privacy, status
from .public_reports import ReportSummary, media_url, summaries_from, summary_select
from .status import public_note, public_step
from .validation import MESSAGING_CHANNELS

# The outbox.
PENDING, SENDING, SENT, FAILED, DROPPED = "pending", "sending", "sent", "failed", "dropped"
NOTICE = "notice"  # an e-mail to a follower about a report's public change (not a reply on a channel)
LEASE = timedelta(minutes=2)  # a claim not marked within this is taken up again (its process died)
FIRST_PAUSE = timedelta(seconds=15)
LONGEST_PAUSE = timedelta(hours=1)

_wakers: list[Callable[[], None]] = []


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, as plain values for the sender (no session needed)."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    in_reply_to: str
    attempts: int


def on_enqueue(waker: Callable[[], None]) -> Callable[[], None]:
    """Call `waker` after every commit that queued messages (the in-process deliverer listens); returns the
    function that stops it."""
    _wakers.append(waker)
    return lambda: _wakers.remove(waker)


def _wake() -> None:
    for waker in list(_wakers):
        waker()


def enqueue(
    session: Session,
    channel: str,
    recipient: str,
    body: str,
    *,
    subject: str = "",
    in_reply_to: str = "",
    report_id: int | None = None,
) -> None:
    """Queue a message in the caller's transaction; delivery starts once it commits."""
    session.add(
        OutboxMessage(
            channel=channel,
            recipient=recipient,
            body=body,
            subject=subject[:200],
            in_reply_to=in_reply_to[:200],
            report_id=report_id,
        )
    )
    if not session.info.get("outbox_wake"):
        session.info["outbox_wake"] = True
        after_commit(session, lambda: (session.info.pop("outbox_wake", None), _wake()))


def claim_due(session: Session, now: datetime | None = None, limit: int = 20) -> list[Outgoing]:
    """Take up to `limit` due messages for this process: each is leased until sent or given back."""
    now = now or utcnow()
    due = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_((PENDING, SENDING)), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for row in due:
        taken = session.exec(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row.id,
                OutboxMessage.status == row.status,
                OutboxMessage.attempts == row.attempts,
            )
            .values(status=SENDING, next_attempt_at=now + LEASE, attempts=row.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:
            claimed.append(
                Outgoing(row.id, row.channel, row.recipient, row.subject, row.body, row.in_reply_to, row.attempts + 1)
            )
    return claimed


def mark_sent(session: Session, message_id: int, now: datetime | None = None) -> None:
    session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == SENDING)
        .values(status=SENT, sent_at=now or utcnow(), last_error="")
        .execution_options(synchronize_session=False)
    )


def pause_after(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, … doubling up to an hour."""
    return min(FIRST_PAUSE * (2 ** max(attempts - 1, 0)), LONGEST_PAUSE)


def mark_failed(
    session: Session, message: Outgoing, error: str, max_attempts: int, now: datetime | None = None
) -> None:
    """Due again after a pause, or given up (`failed`, kept for staff) after `max_attempts`."""
    now = now or utcnow()
    done = message.attempts >= max_attempts
    session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == SENDING)
        .values(
            status=FAILED if done else PENDING,
            next_attempt_at=now + pause_after(message.attempts),
            last_error=error[:300],
        )
        .execution_options(synchronize_session=False)
    )


def _unsent(report_id: int):
    return (OutboxMessage.report_id == report_id, OutboxMessage.status.in_((PENDING, SENDING)))


def rewrite_unsent(session: Session, report_id: int, original: str, replacement: str) -> int:
    """Put `replacement` for `original` in every unsent message about the report (body and subject), in the
    caller's transaction; returns how many messages changed."""
    if not original:
        return 0
    subject = OutboxMessage.subject
    statement = (
        update(OutboxMessage)
        .where(*_unsent(report_id), or_(OutboxMessage.body.contains(original), subject.contains(original)))
        .values(
            body=func.replace(OutboxMessage.body, original, replacement),
            subject=func.substr(func.replace(subject, original, replacement), 1, 200),
        )
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def drop_unsent(session: Session, report_id: int, channel: str) -> int:
    """Never send the unsent messages of `channel` about the report (kept, marked dropped); returns how many."""
    statement = (
        update(OutboxMessage)
        .where(*_unsent(report_id), OutboxMessage.channel == channel)
        .values(status=DROPPED, last_error="report hidden by a moderator")
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


# Updates to the person who filed on a messaging channel.
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


# Follows and notifications.
NOTE_PREVIEW = 300
NOTIFICATIONS_SHOWN = 30


class FollowError(Refused):
    """Nothing was changed; `code` is a translation key."""


@dataclass(frozen=True)
class NotificationView:
    id: int
    tracking_code: str
    title: str
    action: str
    to_status: str
    note: str
    created_at: datetime
    read: bool
    duplicate: bool = False  # the report was rejected as the same as another one (its wording says so)


def valid_follower_key(key: str) -> bool:
    kind, _, rest = (key or "").partition(":")
    return kind in ("u", "v") and 0 < len(rest) <= 62


def _followable(session: Session, tracking_code: str) -> Report:
    report = session.exec(select(Report).where(Report.tracking_code == str(tracking_code)[:24])).first()
    if report is None or report.hidden or not privacy.is_publicly_visible(report.privacy):
        raise FollowError("error.report_unknown")
    if report.duplicate_of_id is not None:  # its news is on the original
        raise FollowError("error.report_duplicate")
    return report


def follow(session: Session, tracking_code: str, follower_key: str) -> None:
    if not valid_follower_key(follower_key):
        raise FollowError("error.follower_invalid")
    report = _followable(session, tracking_code)
    try:
        with session.begin_nested():
            session.add(Follow(report_id=report.id, follower_key=follower_key))
    except IntegrityError:
        pass  # already following: nothing to do


def follow_own_report(session: Session, report: Report, follower_key: str) -> None:
    """The reporter follows their report, whatever its privacy (the caller commits)."""
    exists = session.exec(
        select(Follow.id).where(Follow.report_id == report.id, Follow.follower_key == follower_key)
    ).first()
    if exists is None and valid_follower_key(follower_key):
        session.add(Follow(report_id=report.id, follower_key=follower_key))


def unfollow(session: Session, tracking_code: str, follower_key: str) -> None:
    report = session.exec(select(Report).where(Report.tracking_code == str(tracking_code)[:24])).first()
    if report is not None:
        for row in session.exec(
            select(Follow).where(Follow.report_id == report.id, Follow.follower_key == follower_key)
        ).all():
            session.delete(row)


def is_following(session: Session, report_id: int, follower_keys: list[str]) -> bool:
    keys = [k for k in follower_keys if k]
    return (
        bool(keys)
        and session.exec(select(Follow.id).where(Follow.report_id == report_id, Follow.follower_key.in_(keys))).first()
        is not None
    )


def _followed(follower_keys: list[str], statement: Select):
    """`statement` (a select from Report) narrowed to the reports these keys follow, newest follow first."""
    return (
        statement.join(Follow, Follow.report_id == Report.id)
        .where(Follow.follower_key.in_([k for k in follower_keys if k]), ~Report.hidden)
        .order_by(Follow.created_at.desc())
    )


def followed_codes(session: Session, follower_keys: list[str]) -> list[str]:
    return list(session.exec(_followed(follower_keys, select(Report.tracking_code))).all())


def followed_reports(session: Session, follower_keys: list[str], limit: int = 50) -> list[ReportSummary]:
    """Followed public reports as list cards (a report that became confidential drops out)."""
    statement = _followed(follower_keys, summary_select())
    statement = statement.where(Report.privacy.in_([privacy.PUBLIC, privacy.ANONYMOUS])).limit(limit)
    return summaries_from(session.exec(statement).all())


def notify_followers(session: Session, report: Report, action: str, note: str) -> None:
    """One notification per follower, in the caller's transaction; e-mails to account holders with a verified
    address and the reporter's own channel (WhatsApp, e-mail, SMS) through the outbox."""
    queue_report_update(session, report, action, note)
    now = utcnow()
    preview = note[:NOTE_PREVIEW]
    session.exec(
        insert(Notification).from_select(
            ["follower_key", "report_id", "action", "to_status", "note", "created_at"],
            sa_select(
                Follow.follower_key,
                literal(report.id),
                literal(action),
                literal(report.status),
                literal(preview),
                literal(now, type_=Notification.__table__.c.created_at.type),
            ).where(Follow.report_id == report.id),
        )
    )
    keys = session.exec(
        select(Follow.follower_key).where(Follow.report_id == report.id, Follow.follower_key.startswith("u:"))
    ).all()
    citizen_ids = [int(key[2:]) for key in keys if key[2:].isdigit()]
    settings = get_settings()
    if not citizen_ids or not settings.smtp_host:
        return
    emails = session.exec(
        select(Citizen.email).where(
            Citizen.id.in_(citizen_ids),
            Citizen.email.is_not(None),
            Citizen.email_verified_at.is_not(None),
            Citizen.active,
        )
    ).all()
    if emails:
        subject, body = report_update_text(
            ReportUpdate(
                report.tracking_code, report.title, report.status, action, note, report.duplicate_of_id is not None
            ),
            settings,
        )
        for email in emails:
            enqueue(session, NOTICE, email, body, subject=subject, report_id=report.id)


def redact_notifications(session: Session, report_id: int, original: str, replacement: str) -> int:
    """Followers' copies of a reply a moderator redacted (or hid: `replacement` "") follow the redaction; the
    caller's transaction. Returns how many notifications changed."""
    statement = (
        update(Notification)
        .where(Notification.report_id == report_id, Notification.note == original[:NOTE_PREVIEW])
        .values(note=replacement[:NOTE_PREVIEW])
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def notifications_for(session: Session, follower_keys: list[str]) -> list[NotificationView]:
    keys = [k for k in follower_keys if k]
    if not keys:
        return []
    rows = session.exec(
        select(Notification, Report.tracking_code, Report.title, Report.duplicate_of_id)
        .join(Report, Report.id == Notification.report_id)
        .where(Notification.follower_key.in_(keys), ~Report.hidden)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(NOTIFICATIONS_SHOWN)
    ).all()
    return [
        NotificationView(
            n.id, code, title, n.action, n.to_status, n.note, n.created_at, n.read_at is not None, original is not None
        )
        for n, code, title, original in rows
    ]


# Built once with a bound parameter: the header bell asks it on every public page (bench/domain_calls.py).
_UNREAD = (
    select(func.count(Notification.id))
    .join(Report, Report.id == Notification.report_id)
    .where(
        Notification.follower_key.in_(bindparam("keys", expanding=True)), Notification.read_at.is_(None), ~Report.hidden
    )
)


def unread_count(session: Session, follower_keys: list[str]) -> int:
    """Unread notifications of these followers on reports still shown (as notifications_for lists them)."""
    keys = [k for k in follower_keys if k]
    if not keys:
        return 0
    return session.exec(_UNREAD, params={"keys": keys}).one()


def mark_all_read(session: Session, follower_keys: list[str]) -> None:
    keys = [k for k in follower_keys if k]
    if keys:
        session.exec(
            update(Notification)
            .where(Notification.follower_key.in_(keys), Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
