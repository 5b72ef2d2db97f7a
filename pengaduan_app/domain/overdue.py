"""Overdue reports of an officer's units: the count in the staff header.

Open and past the deadline, within the units the officer answers for (permissions.scope_clause): an area
officer's areas, a dinas officer's agency. Admins and moderators answer for no unit and get no count (the
city-wide figure is a count over tens of thousands of rows on every page; the queue's filter and the digest
tell them). The query walks the (unit_area_id | unit_agency, status, due_at) indexes: milliseconds at 100k.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ..models import Report
from ..models.types import utcnow
from . import permissions
from .accounts import StaffIdentity
from .permissions import scope_clause
from .status import OPEN_STATUSES

UNIT_ROLES = (permissions.KELURAHAN, permissions.KECAMATAN, permissions.AGENCY)


def overdue_condition(now: datetime):
    return Report.status.in_(OPEN_STATUSES) & (Report.due_at < now)


def overdue_count(session: Session, identity: StaffIdentity | None, now: datetime | None = None) -> int:
    """How many reports this officer's units have let run past their deadline (0 for those without a unit)."""
    if identity is None or identity.role not in UNIT_ROLES:
        return 0
    statement = select(func.count(Report.id)).where(scope_clause(session, identity), overdue_condition(now or utcnow()))
    return session.exec(statement).one()
