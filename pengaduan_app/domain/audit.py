"""The audit log: every staff step and admin change, with who and when; only admins read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, func, select

from ..db import after_commit
from ..i18n.formatting import JAKARTA
from ..models import AuditEntry, Report, StaffUser
from ..models.types import utcnow
from ..ops.logs import log_line
from .permissions import require_admin

if TYPE_CHECKING:  # accounts imports this module; the identity is only an annotation here
    from .accounts import StaffIdentity

AUDIT_PAGE_SIZE = 50


def record(
    session: Session, actor: StaffIdentity | None, action: str, report: Report | None = None, **detail
) -> AuditEntry:
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        action=action,
        report_id=report.id if report else None,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )
    session.add(entry)
    code = report.tracking_code if report else None
    after_commit(session, lambda: log_line("staff_action", action=action, staff=entry.actor_id, report=code))
    return entry


def last_detail(session: Session, report: Report, action: str, name: str) -> str:
    """`name` from the detail of the report's latest `action` entry ("" when there is none)."""
    entry = session.exec(
        select(AuditEntry)
        .where(AuditEntry.report_id == report.id, AuditEntry.action == action)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).first()
    return str(json.loads(entry.detail or "{}").get(name, "")) if entry else ""


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str  # display name ("" for a citizen or the system)
    actor_username: str
    action: str
    tracking_code: str
    detail: dict


@dataclass(frozen=True)
class AuditFilter:
    """What the admin narrowed the log to; the dates are Jakarta calendar days, both included."""

    action: str = ""
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None
    page: int = 0


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JAKARTA).astimezone(UTC)


def audit_page(session: Session, identity: StaffIdentity | None, wanted: AuditFilter = AuditFilter()) -> AuditPage:
    """One page of the log, newest first, for admins only (it holds reasons and redaction details)."""
    require_admin(identity)
    conditions = []
    if wanted.action:
        conditions.append(AuditEntry.action == wanted.action[:40])
    if wanted.actor_id is not None:
        conditions.append(AuditEntry.actor_id == wanted.actor_id)
    if wanted.since is not None:
        conditions.append(AuditEntry.at >= _day_start(wanted.since))
    if wanted.until is not None:
        conditions.append(AuditEntry.at < _day_start(wanted.until + timedelta(days=1)))
    total = session.exec(select(func.count(AuditEntry.id)).where(*conditions)).one()
    statement = (
        select(AuditEntry, StaffUser.display_name, StaffUser.username, Report.tracking_code)
        .join(StaffUser, StaffUser.id == AuditEntry.actor_id, isouter=True)
        .join(Report, Report.id == AuditEntry.report_id, isouter=True)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(max(wanted.page, 0) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
    )
    rows = [
        AuditRow(entry.at, actor or "", username or "", entry.action, code or "", json.loads(entry.detail or "{}"))
        for entry, actor, username, code in session.exec(statement).all()
    ]
    return AuditPage(rows, total)


def audit_people(session: Session, identity: StaffIdentity | None) -> list[tuple[int, str, str]]:
    """(id, username, display name) of every staff account, for the log's "by person" filter (admins only)."""
    require_admin(identity)
    users = session.exec(select(StaffUser.id, StaffUser.username, StaffUser.display_name).order_by(StaffUser.username))
    return [tuple(row) for row in users.all()]
