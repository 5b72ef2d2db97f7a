"""After resolution the reporter confirms the fix (with a 1–5 rating) or reopens the report.

The reporter is whoever holds the private link given at submission (its key is
stored only as a hash) or the citizen account that filed the report. Reopening
is possible for a configurable window after resolution (default 14 days).
"""

from __future__ import annotations

import hmac
from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ..errors import Refused
from ..models import Report
from ..models.types import utcnow
from . import privacy, status
from .audit import last_detail
from .citizens import CitizenIdentity
from .credentials import new_token, token_hash
from .handling import apply_step
from .public_reports import ReportDetail, private_report_detail
from .validation import clean_text

REASON_MAX = 1000


class ConfirmationError(Refused):
    """Nothing was changed; `code` is a translation key."""


def issue_reporter_key(session: Session, report: Report) -> str | None:
    """A new private-link key for a report that has none yet (the caller commits); None if it has one."""
    if report.reporter_key_hash is not None:
        return None
    key = new_token()
    report.reporter_key_hash = token_hash(key)
    session.add(report)
    return key


def private_link(tracking_code: str, key: str) -> str:
    return f"/laporan/{tracking_code}?kunci={key}"


def is_reporter(report: Report, key: str = "", citizen: CitizenIdentity | None = None) -> bool:
    if citizen is not None and report.citizen_id == citizen.id:
        return True
    return (
        bool(key)
        and report.reporter_key_hash is not None
        and hmac.compare_digest(report.reporter_key_hash, token_hash(key))
    )


def reporter_view(
    session: Session, tracking_code: str, key: str = "", citizen: CitizenIdentity | None = None
) -> ReportDetail | None:
    """A confidential report, or one a moderator hid (with the moderator's reason), for its own reporter (private
    link or account), so they can still follow it; None for anyone else."""
    report = session.exec(select(Report).where(Report.tracking_code == tracking_code)).first()
    if report is None or not is_reporter(report, key, citizen):
        return None
    if not report.hidden and privacy.is_publicly_visible(report.privacy):
        return None  # the public page shows it
    detail = private_report_detail(session, report)
    if report.hidden:
        detail = replace(detail, hidden_reason=last_detail(session, report, "hide_report", "reason") or "-")
    return detail


def can_respond(report: Report, window_days: int, now: datetime | None = None) -> bool:
    """Whether the reporter may still confirm or reopen."""
    if report.status not in (status.RESOLVED, status.CLOSED) or report.resolved_at is None:
        return False
    return (now or utcnow()) <= report.resolved_at + timedelta(days=window_days)


def _reporter_report(session, code, key, citizen, window_days) -> Report:
    report = session.exec(select(Report).where(Report.tracking_code == str(code)[:24])).first()
    if report is None or not is_reporter(report, key, citizen):
        raise ConfirmationError("error.not_reporter")
    if not can_respond(report, window_days):
        raise ConfirmationError("error.response_window_closed", days=window_days)
    return report


def confirm_fixed(
    session: Session,
    code: str,
    rating: int,
    *,
    key: str = "",
    citizen: CitizenIdentity | None = None,
    window_days: int,
) -> Report:
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ConfirmationError("error.rating_invalid")
    report = _reporter_report(session, code, key, citizen, window_days)
    if report.status != status.RESOLVED:
        raise ConfirmationError("error.transition_not_allowed")
    report.rating = rating
    apply_step(session, report, "confirm")
    return report


def reopen(
    session: Session,
    code: str,
    reason: str,
    *,
    key: str = "",
    citizen: CitizenIdentity | None = None,
    window_days: int,
) -> Report:
    reason = clean_text(reason or "", multiline=True)
    if not reason:
        raise ConfirmationError("error.reopen_reason_required")
    if len(reason) > REASON_MAX:
        raise ConfirmationError("error.note_too_long", max=REASON_MAX)
    report = _reporter_report(session, code, key, citizen, window_days)
    report.rating = None
    apply_step(session, report, "reopen", note=reason)
    return report
