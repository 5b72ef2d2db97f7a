"""The audit log: every staff step and admin change, with who and when."""

from __future__ import annotations

import json

from sqlmodel import Session

from ..models import AuditEntry, Report
from ..models.types import utcnow
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
    return entry
