"""Overdue reports of an officer's units: the count in the staff header.

Open and past the deadline, within what the officer handles (permissions.scope_clause). The query walks the
(unit_area_id, status, due_at) and (status, due_at) indexes, so it stays cheap at 100k reports.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ..models import Report
from ..models.types import utcnow
from . import roles
from .accounts import StaffIdentity
from .permissions import scope_clause
from .status import OPEN_STATUSES


def overdue_condition(now: datetime):
    return Report.status.in_(OPEN_STATUSES) & (Report.due_at < now)


def overdue_count(session: Session, identity: StaffIdentity | None, now: datetime | None = None) -> int:
    """How many reports this officer's units have let run past their deadline (0 for those who handle none)."""
    if identity is None or identity.role == roles.MODERATOR:
        return 0
    statement = select(func.count(Report.id)).where(scope_clause(session, identity), overdue_condition(now or utcnow()))
    return session.exec(statement).one()
