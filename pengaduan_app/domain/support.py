"""Support ("Saya juga"): one per person per report, counted by the database itself.

The unique pair (report, supporter) in table `support` makes a second support
impossible; `report.support_count` moves only by an atomic `UPDATE ... SET
support_count = support_count ± 1` in the same transaction as the row it
counts, so the count cannot drift under concurrent requests on SQLite or
PostgreSQL. Callers say what they want (support or withdraw), so repeating a
request changes nothing: the button's second press sends "withdraw".

Visitors without an account are known by a random id their browser keeps;
limits per visitor and per client address and hour keep one person from
casting many supports by clearing cookies; many from one address to one report
within minutes are a burst (support_bursts.py) that moderators may discount:
`support_count` counts every support but the discounted ones.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..errors import Refused
from ..models import Report, Support
from ..models.types import utcnow
from ..ops import metrics
from .limits import next_allowed
from .public_reports import public_report_id
from .support_bursts import BurstRule, note_support

VISITOR_COOKIE = "pengaduan_visitor"  # the browser's random id, set by the pages (state.visitor)
_VISITOR_ID = re.compile(r"^[A-Za-z0-9_-]{22,43}$")
LIMIT_WINDOW = timedelta(hours=1)
NO_BURSTS = BurstRule(size=0, window=timedelta(0))


class SupportRefused(Refused):
    """Nothing was changed; `code` is a translation key."""


@dataclass(frozen=True)
class SupportLimits:
    per_supporter_hour: int
    per_client_hour: int
    burst: BurstRule = NO_BURSTS


@dataclass(frozen=True)
class SupportOutcome:
    supported: bool  # after the request
    count: int
    changed: bool


def new_visitor_id() -> str:
    return secrets.token_urlsafe(24)


def visitor_key(visitor_id: object) -> str:
    """The supporter key of a visitor's browser; SupportRefused if the id is not one we hand out."""
    if not isinstance(visitor_id, str) or not _VISITOR_ID.match(visitor_id):
        raise SupportRefused("support.no_identity")
    return f"v:{visitor_id}"


def _report_id(session: Session, tracking_code: object) -> int:
    report_id = public_report_id(session, tracking_code) if isinstance(tracking_code, str) else None
    if report_id is None:
        raise SupportRefused("support.not_found")
    return report_id


def _count(session: Session, report_id: int) -> int:
    return session.exec(select(Report.support_count).where(Report.id == report_id)).one()


def _over(session: Session, column, value: str, limit: int, now: datetime) -> bool:
    retry_at = next_allowed(session, Support.created_at, column == value, limit=limit, span=LIMIT_WINDOW, now=now)
    return retry_at is not None


def _check_limits(session: Session, supporter_key: str, client: str, limits: SupportLimits, now: datetime) -> None:
    if _over(session, Support.supporter_key, supporter_key, limits.per_supporter_hour, now):
        metrics.rate_limited("support")
        raise SupportRefused("support.limit_visitor", max=limits.per_supporter_hour)
    if client and _over(session, Support.client_hash, client, limits.per_client_hour, now):
        metrics.rate_limited("support")
        raise SupportRefused("support.limit_client", max=limits.per_client_hour)


def bump_support_count(session: Session, report_id: int, delta: int) -> int:
    statement = (
        update(Report)
        .where(Report.id == report_id)
        .values(support_count=Report.support_count + delta)
        .returning(Report.support_count)
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).scalar_one()


def has_supported(session: Session, report_id: int, supporter_key: str) -> bool:
    return (
        session.exec(
            select(Support.id).where(Support.report_id == report_id, Support.supporter_key == supporter_key)
        ).first()
        is not None
    )


def supported_report_ids(session: Session, report_ids: list[int], supporter_key: str) -> set[int]:
    if not report_ids:
        return set()
    rows = session.exec(
        select(Support.report_id).where(Support.report_id.in_(report_ids), Support.supporter_key == supporter_key)
    ).all()
    return set(rows)


def set_support(
    session: Session,
    tracking_code: str,
    supporter_key: str,
    want: bool,
    *,
    limits: SupportLimits,
    client: str = "",
    now: datetime | None = None,
) -> SupportOutcome:
    """Support (`want`) or withdraw. Repeating a request is harmless.

    Raises SupportRefused for an unknown or confidential report (the same answer
    for both) or when a limit is reached; then nothing has changed. Withdrawing
    is never limited.
    """
    report_id = _report_id(session, tracking_code)
    if not want:
        return _withdraw(session, report_id, supporter_key)
    if has_supported(session, report_id, supporter_key):
        return SupportOutcome(True, _count(session, report_id), changed=False)
    now = now or utcnow()
    _check_limits(session, supporter_key, client, limits, now)
    try:
        with session.begin_nested():
            support_id = session.execute(
                insert(Support)
                .values(report_id=report_id, supporter_key=supporter_key, client_hash=client, created_at=now)
                .returning(Support.id)
            ).scalar_one()
    except IntegrityError:
        # The same person's other request got there first: already supported.
        return SupportOutcome(True, _count(session, report_id), changed=False)
    if note_support(session, support_id, report_id, client, now, limits.burst):
        return SupportOutcome(True, _count(session, report_id), changed=True)
    return SupportOutcome(True, bump_support_count(session, report_id, +1), changed=True)


def _withdraw(session: Session, report_id: int, supporter_key: str) -> SupportOutcome:
    removed = session.execute(
        delete(Support)
        .where(Support.report_id == report_id, Support.supporter_key == supporter_key)
        .returning(Support.discounted)
    ).first()
    if removed is None:
        return SupportOutcome(False, _count(session, report_id), changed=False)
    if removed.discounted:  # a discounted support was not counted
        return SupportOutcome(False, _count(session, report_id), changed=True)
    return SupportOutcome(False, bump_support_count(session, report_id, -1), changed=True)
