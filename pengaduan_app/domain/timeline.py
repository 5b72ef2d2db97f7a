"""One step on a report's timeline, the same for officers, reporters, new reports and demo data.

The status moves only through the transition table (domain/status.py; replies, notes and priority keep it);
the first public answer and the
resolution are timed; the StatusChange row, the audit entry and the followers' notifications are written in
the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ..models import Report, StatusChange
from ..models.types import utcnow
from . import status
from .accounts import StaffIdentity
from .audit import record
from .notifications import notify_followers

SUBMIT = "submit"


def apply_step(
    session: Session,
    report: Report,
    action: str,
    *,
    officer: StaffIdentity | None = None,
    actor: str = "",
    note: str = "",
    public: bool = True,
    audit: bool = True,
    at: datetime | None = None,
    **audit_detail,
) -> StatusChange:
    """Apply `action` to `report` (TransitionError if the table forbids it) and write its timeline step.

    `officer` is the staff member acting (None: the reporter, or nobody for a new report); `actor` names
    someone without an account (demo data). A new report's step (`submit`) is not audited or announced.
    """
    at = at or utcnow()
    before = None if action == SUBMIT else report.status
    if action != SUBMIT:
        if action in status.TRANSITIONS:
            report.status = status.transition(report.status, action)
        if public and report.first_response_at is None:
            report.first_response_at = at
        if report.status == status.RESOLVED and before != status.RESOLVED:
            report.resolved_at = at
        if action == "reopen":
            report.resolved_at = None
    report.updated_at = at
    session.add(report)
    step = StatusChange(
        report_id=report.id,
        at=at,
        actor=officer.display_name if officer else actor,
        author_id=officer.id if officer else None,
        from_status=before,
        to_status=report.status,
        note=note,
        public=public,
        action=action,
    )
    session.add(step)
    if action != SUBMIT and audit:
        record(session, officer, action, report, from_status=before, to_status=report.status, note=note, **audit_detail)
    if action != SUBMIT and public:
        notify_followers(session, report, action, note)
    return step
