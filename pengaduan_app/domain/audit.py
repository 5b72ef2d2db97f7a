"""The audit log: every staff step and admin change, with who and when; only admins read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ..db import after_commit
from ..models import AuditEntry, Report, StaffUser
from ..models.types import utcnow
from ..ops.logs import log_line
from .accounts import StaffIdentity
from .permissions import require_admin

AUDIT_PAGE_SIZE = 100


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
    actor: str
    action: str
    tracking_code: str
    detail: dict


def recent_audit(
    session: Session, identity: StaffIdentity | None, *, action: str = "", page: int = 0
) -> list[AuditRow]:
    require_admin(identity)
    statement = (
        select(AuditEntry, StaffUser.display_name, Report.tracking_code)
        .join(StaffUser, StaffUser.id == AuditEntry.actor_id, isouter=True)
        .join(Report, Report.id == AuditEntry.report_id, isouter=True)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(max(page, 0) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
    )
    if action:
        statement = statement.where(AuditEntry.action == action[:40])
    return [
        AuditRow(entry.at, actor or "", entry.action, code or "", json.loads(entry.detail or "{}"))
        for entry, actor, code in session.exec(statement).all()
    ]
