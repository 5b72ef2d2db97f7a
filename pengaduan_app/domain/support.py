"""Support ("Saya juga"): one per person per report, counted by the database itself; bursts of supports from
one address, and the moderators who discount or keep them.

The unique pair (report, supporter) in table `support` makes a second support
impossible; `report.support_count` moves only by an atomic `UPDATE ... SET
support_count = support_count ± 1` in the same transaction as the row it
counts, so the count cannot drift under concurrent requests on SQLite or
PostgreSQL. Callers say what they want (support or withdraw), so repeating a
request changes nothing: the button's second press sends "withdraw".

Visitors without an account are known by a random id their browser keeps; limits per visitor and per client
address and hour keep one person from casting many supports by clearing cookies. Clearing cookies (or a script)
still makes a new visitor each time, and the per-address limit is kept high because a school, an office or a
mobile operator puts many people behind one address. So many supports from one address to one report within
minutes are not refused: they are a burst, noticed and left to a moderator, who may discount them.
`support_count` counts every support but the discounted ones.

The burst rule, here only: `size` or more supports to the same report from the same client hash within `window`
(each by a different supporter: the unique (report, supporter) pair guarantees it) form a burst. A later support
from that address to that report, within `window` of the burst's latest one, joins the burst: it is not counted
if the burst was discounted, and it sends a kept burst back to the moderators. Settings:
`PENGADUAN_SUPPORT_BURST_SIZE` (10; 0 turns bursts off) and `PENGADUAN_SUPPORT_BURST_MINUTES` (10).

The moderators' side: the list, and discount, keep or undo. Moderators and admins only, never area officers: a
report's support count ranks it in public. Discounting marks the burst's supports as not counted and takes them
off `report.support_count` in the same transaction (every public count, the "most supported" order and the open
data read that column); undoing puts them back and returns the burst to the list. Each step is in the audit log.
The list names the report, how many supports and when, never the address (only its keyed hash is stored, and it
is not shown either).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ..config import Settings
from ..errors import Refused
from ..models import Report, Support, SupportBurst
from ..models.types import utcnow
from ..ops import metrics
from .accounts import StaffIdentity
from .audit import record
from .limits import next_allowed, serialise
from .permissions import require_moderator
from .public_reports import public_report_and_original_id

# Bursts: the rule.
OPEN, DISCOUNTED, KEPT = "open", "discounted", "kept"


@dataclass(frozen=True)
class BurstRule:
    size: int
    window: timedelta


def burst_rule(settings: Settings) -> BurstRule:
    return BurstRule(settings.support_burst_size, timedelta(minutes=max(settings.support_burst_minutes, 0)))


def lock_bursts(session: Session, report_id: int, client: str) -> None:
    """One transaction at a time looks at or changes the bursts of one (report, address) pair."""
    serialise(session, f"support-burst:{report_id}:{client}")


def note_support(
    session: Session, support_id: int, report_id: int, client: str, now: datetime, rule: BurstRule
) -> bool:
    """Call in the transaction that stored support `support_id`: it joins or starts a burst when the rule says so.
    Returns whether it is discounted (then the caller does not count it)."""
    if not client or rule.size <= 0:
        return False
    lock_bursts(session, report_id, client)
    burst = session.exec(
        select(SupportBurst)
        .where(
            SupportBurst.report_id == report_id,
            SupportBurst.client_hash == client,
            SupportBurst.last_at > now - rule.window,
        )
        .order_by(SupportBurst.last_at.desc())
    ).first()
    if burst is not None:
        discounted = burst.status == DISCOUNTED
        _join(session, [support_id], burst.id, discounted)
        burst.last_at = max(burst.last_at, now)
        if burst.status == KEPT:
            burst.status = OPEN  # the moderator decided on fewer supports than there are now
        session.add(burst)
        session.flush()
        return discounted
    recent = session.exec(
        select(Support.id).where(
            Support.report_id == report_id,
            Support.client_hash == client,
            Support.created_at > now - rule.window,
            Support.burst_id.is_(None),
        )
    ).all()
    if len(recent) < rule.size:
        return False
    burst = SupportBurst(report_id=report_id, client_hash=client, last_at=now, flagged_at=now)
    session.add(burst)
    session.flush()
    _join(session, recent, burst.id, False)
    return False


def _join(session: Session, support_ids: list[int], burst_id: int, discounted: bool) -> None:
    session.execute(
        update(Support).where(Support.id.in_(support_ids)).values(burst_id=burst_id, discounted=discounted),
        execution_options={"synchronize_session": False},
    )


# Supports ("Saya juga").
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
    found = public_report_and_original_id(session, tracking_code) if isinstance(tracking_code, str) else None
    if found is None:
        raise SupportRefused("support.not_found")
    report_id, original_id = found
    if original_id is not None:  # a duplicate: its supporters moved to the original, support that one
        raise SupportRefused("error.report_duplicate")
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


_SUPPORTED = select(Support.id).where(
    Support.report_id == bindparam("report_id"), Support.supporter_key == bindparam("key")
)


def _support_insert(dialect_insert) -> object:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the new support's id, or no row when the supporter already
    supports the report (the unique pair), so a simultaneous second request needs no savepoint to fail in."""
    values = {name: bindparam(name) for name in ("report_id", "supporter_key", "client_hash", "created_at")}
    return (
        dialect_insert(Support)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["report_id", "supporter_key"])
        .returning(Support.id)
    )


_INSERT_SUPPORT = {"sqlite": _support_insert(sqlite.insert), "postgresql": _support_insert(postgresql.insert)}


def has_supported(session: Session, report_id: int, supporter_key: str) -> bool:
    """Built once: every report page asks it (public_reports has why)."""
    return session.exec(_SUPPORTED, params={"report_id": report_id, "key": supporter_key}).first() is not None


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
    support_id = session.execute(
        _INSERT_SUPPORT[session.get_bind().dialect.name],
        {"report_id": report_id, "supporter_key": supporter_key, "client_hash": client, "created_at": now},
    ).scalar_one_or_none()
    if support_id is None:  # the same person's other request got there first: already supported
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


# Bursts: the moderators' side.
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
