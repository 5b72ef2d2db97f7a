"""Anyone flags a public report as inappropriate, and an officer of its unit may ask the moderators to look at it;
moderators then settle the flags (moderation.py).

The flagger's network address is stored only as a keyed hash: one open flag per client and report, and a
few flags per client and hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from ..config import get_settings
from ..models import Flag, Report
from ..models.types import utcnow
from .accounts import StaffIdentity
from .audit import record
from .handling import load_for_handling
from .limits import client_hash, next_allowed
from .moderation import ModerationError, required_reason
from .public_reports import public_report_id
from .validation import clean_text

# Each reason a visitor may give, with its label's catalog key.
FLAG_REASONS = {
    "offensive": "moderation.reason.offensive",
    "personal_data": "moderation.reason.personal_data",
    "spam": "moderation.reason.spam",
    "other": "moderation.reason.other",
}
FLAG_COMMENT_MAX = 500
FLAGS_PER_CLIENT_HOUR = 10
FLAG_WINDOW = timedelta(hours=1)


def flag_report(
    session: Session, code: object, reason: object, comment: object, client: str, *, now: datetime | None = None
) -> Flag:
    """Anyone marks a report the public can see as inappropriate.

    `client` is the caller's network address, stored only as a keyed hash: one open flag
    per client and report, and at most FLAGS_PER_CLIENT_HOUR flags per client and hour.
    """
    if reason not in FLAG_REASONS:
        raise ModerationError("moderation.error.flag_reason_invalid")
    comment = clean_text(comment if isinstance(comment, str) else "", multiline=True)
    if len(comment) > FLAG_COMMENT_MAX:
        raise ModerationError("moderation.error.flag_comment_too_long", max=FLAG_COMMENT_MAX)
    report_id = public_report_id(session, code.strip().upper()[:24]) if isinstance(code, str) else None
    if report_id is None:
        raise ModerationError("error.report_unknown")
    now = now or utcnow()
    key = client_hash(client or "unknown", get_settings().ip_hash_key)
    open_flag = select(Flag.id).where(Flag.report_id == report_id, Flag.client == key, Flag.resolved.is_(False))
    if session.exec(open_flag).first() is not None:
        raise ModerationError("moderation.error.already_flagged")
    if next_allowed(session, Flag.at, Flag.client == key, limit=FLAGS_PER_CLIENT_HOUR, span=FLAG_WINDOW, now=now):
        raise ModerationError("moderation.error.flag_limit", max=FLAGS_PER_CLIENT_HOUR)
    flag = Flag(report_id=report_id, reason=reason, comment=comment, client=key, at=now)
    session.add(flag)
    session.flush()
    record(session, None, "flag", session.get(Report, report_id), reason=reason, flag_id=flag.id)
    return flag


def flag_for_moderation(
    session: Session, identity: StaffIdentity | None, code: object, reason: object, comment: object
) -> Flag:
    """An officer of the report's unit asks the moderators to look at it; the comment says why (required)."""
    report = load_for_handling(session, identity, str(code or "").strip().upper()[:24])
    if reason not in FLAG_REASONS:
        raise ModerationError("moderation.error.flag_reason_invalid")
    comment = required_reason(comment)
    key = client_hash(f"staff:{identity.id}", get_settings().ip_hash_key)
    open_flag = select(Flag.id).where(Flag.report_id == report.id, Flag.client == key, Flag.resolved.is_(False))
    if session.exec(open_flag).first() is not None:
        raise ModerationError("moderation.error.already_flagged")
    flag = Flag(report_id=report.id, reason=reason, comment=comment, client=key, at=utcnow())
    session.add(flag)
    session.flush()
    record(session, identity, "flag", report, reason=reason, comment=comment, flag_id=flag.id)
    return flag
