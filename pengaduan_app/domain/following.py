"""Following reports and the in-app notifications (and e-mails) their public changes send.

A follower is named like a supporter: `u:<citizen id>` for an account, `v:<browser id>`
for a visitor's browser. Notifications are written in the same transaction as the
change; so are the e-mails to followers whose account has a verified address, queued in the outbox
and sent once it commits (a moderator's later redaction still reaches them there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, literal, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..config import get_settings
from ..errors import Refused
from ..mail.smtp import ReportUpdate, report_update_text
from ..models import Category, Citizen, Follow, Notification, Report
from ..models.types import utcnow
from . import privacy
from .channel_updates import queue_report_update
from .outbox import NOTICE, enqueue
from .public_reports import ReportSummary, summaries_of

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


def valid_follower_key(key: str) -> bool:
    kind, _, rest = (key or "").partition(":")
    return kind in ("u", "v") and 0 < len(rest) <= 62


def _followable(session: Session, tracking_code: str) -> Report:
    report = session.exec(select(Report).where(Report.tracking_code == str(tracking_code)[:24])).first()
    if report is None or report.hidden or not privacy.is_publicly_visible(report.privacy):
        raise FollowError("error.report_unknown")
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


def _followed(follower_keys: list[str], *columns):
    return (
        select(*columns)
        .join(Follow, Follow.report_id == Report.id)
        .where(Follow.follower_key.in_([k for k in follower_keys if k]), ~Report.hidden)
        .order_by(Follow.created_at.desc())
    )


def followed_codes(session: Session, follower_keys: list[str]) -> list[str]:
    return list(session.exec(_followed(follower_keys, Report.tracking_code)).all())


def followed_reports(session: Session, follower_keys: list[str], limit: int = 50) -> list[ReportSummary]:
    """Followed public reports as list cards (a report that became confidential drops out)."""
    statement = _followed(follower_keys, Report, Category).join(Category, Category.id == Report.category_id)
    statement = statement.where(Report.privacy.in_([privacy.PUBLIC, privacy.ANONYMOUS])).limit(limit)
    return summaries_of(session, session.exec(statement).all())


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
            ReportUpdate(report.tracking_code, report.title, report.status, action, note), settings
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
        select(Notification, Report.tracking_code, Report.title)
        .join(Report, Report.id == Notification.report_id)
        .where(Notification.follower_key.in_(keys), ~Report.hidden)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(NOTIFICATIONS_SHOWN)
    ).all()
    return [
        NotificationView(n.id, code, title, n.action, n.to_status, n.note, n.created_at, n.read_at is not None)
        for n, code, title in rows
    ]


def unread_count(session: Session, follower_keys: list[str]) -> int:
    """Unread notifications of these followers on reports still shown (as notifications_for lists them)."""
    keys = [k for k in follower_keys if k]
    if not keys:
        return 0
    return session.exec(
        select(func.count(Notification.id))
        .join(Report, Report.id == Notification.report_id)
        .where(Notification.follower_key.in_(keys), Notification.read_at.is_(None), ~Report.hidden)
    ).one()


def mark_all_read(session: Session, follower_keys: list[str]) -> None:
    keys = [k for k in follower_keys if k]
    if keys:
        session.exec(
            update(Notification)
            .where(Notification.follower_key.in_(keys), Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
