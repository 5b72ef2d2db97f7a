"""The moderators' side of support bursts (the rule is in support_bursts.py): the list, and discount, keep or
undo. Moderators and admins only, never area officers: a report's support count ranks it in public.

Discounting marks the burst's supports as not counted and takes them off `report.support_count` in the same
transaction (every public count, the "most supported" order and the open data read that column); undoing puts
them back and returns the burst to the list. Each step is in the audit log. The list names the report, how many
supports and when, never the address (only its keyed hash is stored, and it is not shown either).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, update
from sqlmodel import Session, select

from ..errors import Refused
from ..models import Report, Support, SupportBurst
from ..models.types import utcnow
from .accounts import StaffIdentity
from .audit import record
from .permissions import require_moderator
from .support import bump_support_count
from .support_bursts import DISCOUNTED, KEPT, OPEN, lock_bursts

LIST_LIMIT = 100


class BurstRefused(Refused):
    """A burst step that cannot be done as asked; `code` is a translation key."""


@dataclass(frozen=True)
class BurstItem:
    id: int
    tracking_code: str
    title: str
    hidden: bool
    status: str  # open or discounted
    supports: int
    first_at: datetime
    last_at: datetime


def burst_list(session: Session, identity: StaffIdentity | None) -> list[BurstItem]:
    """Bursts waiting for a decision (latest first), then discounted ones (to undo)."""
    require_moderator(identity)
    rows = session.exec(
        select(
            SupportBurst,
            Report.tracking_code,
            Report.title,
            Report.hidden,
            func.count(Support.id),
            func.min(Support.created_at),
            func.max(Support.created_at),
        )
        .join(Report, Report.id == SupportBurst.report_id)
        .join(Support, Support.burst_id == SupportBurst.id)
        .where(SupportBurst.status.in_((OPEN, DISCOUNTED)))
        .group_by(SupportBurst.id, Report.tracking_code, Report.title, Report.hidden)
        .order_by(case((SupportBurst.status == OPEN, 0), else_=1), SupportBurst.last_at.desc(), SupportBurst.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return [
        BurstItem(burst.id, code, title, hidden, burst.status, supports, first, last)
        for burst, code, title, hidden, supports, first, last in rows
    ]


def _burst(session: Session, identity: StaffIdentity | None, burst_id: object, expected: str) -> SupportBurst:
    require_moderator(identity)
    if isinstance(burst_id, bool) or not isinstance(burst_id, int) or not 0 < burst_id < 2**31:
        raise BurstRefused("burst.error.unknown")
    burst = session.get(SupportBurst, burst_id)
    if burst is None:
        raise BurstRefused("burst.error.unknown")
    lock_bursts(session, burst.report_id, burst.client_hash)
    session.refresh(burst)
    if burst.status != expected:
        raise BurstRefused("burst.error.decided")
    return burst


def _mark(session: Session, burst: SupportBurst, discounted: bool) -> int:
    """Mark the burst's supports (un)discounted; returns how many changed."""
    return session.execute(
        update(Support)
        .where(Support.burst_id == burst.id, Support.discounted.is_(not discounted))
        .values(discounted=discounted),
        execution_options={"synchronize_session": False},
    ).rowcount


def _decide(session: Session, identity: StaffIdentity, burst: SupportBurst, status: str, action: str, **detail):
    burst.status, burst.decided_by, burst.decided_at = status, identity.id, utcnow()
    session.add(burst)
    report = session.get(Report, burst.report_id)
    record(session, identity, action, report, burst_id=burst.id, **detail)
    session.flush()


def discount_burst(session: Session, identity: StaffIdentity | None, burst_id: object) -> int:
    """The burst's supports stop counting; returns how many were taken off the report's count."""
    burst = _burst(session, identity, burst_id, OPEN)
    taken = _mark(session, burst, True)
    if taken:
        bump_support_count(session, burst.report_id, -taken)
    _decide(session, identity, burst, DISCOUNTED, "discount_supports", supports=taken)
    return taken


def undo_discount(session: Session, identity: StaffIdentity | None, burst_id: object) -> int:
    """The burst's supports count again and it waits for a decision again; returns how many came back."""
    burst = _burst(session, identity, burst_id, DISCOUNTED)
    restored = _mark(session, burst, False)
    if restored:
        bump_support_count(session, burst.report_id, restored)
    _decide(session, identity, burst, OPEN, "undo_discount_supports", supports=restored)
    return restored


def keep_burst(session: Session, identity: StaffIdentity | None, burst_id: object) -> None:
    """The supports are genuine (a school, an office): they keep counting and the burst leaves the list."""
    burst = _burst(session, identity, burst_id, OPEN)
    _decide(session, identity, burst, KEPT, "keep_supports")
