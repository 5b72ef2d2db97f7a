"""The audit log: every staff step and admin change, with who and when."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from ..db import after_commit
from ..models import AuditEntry, Report
from ..models.types import utcnow
from ..ops.logs import log_line
from .accounts import StaffIdentity


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
