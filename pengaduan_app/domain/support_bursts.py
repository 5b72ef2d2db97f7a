"""Support bursts: the rule that notices many browsers supporting one report from one address within minutes.

Clearing cookies (or a script) makes a new visitor each time, so the per-visitor limit cannot stop one person
from supporting a report many times; the per-address limit (support.py) is kept high because a school, an
office or a mobile operator puts many people behind one address. So such supports are not refused: they are
noticed and left to a moderator (burst_moderation.py), who may discount them.

The rule, here only: `size` or more supports to the same report from the same client hash within `window`
(each by a different supporter: the unique (report, supporter) pair guarantees it) form a burst. A later support
from that address to that report, within `window` of the burst's latest one, joins the burst: it is not counted if
the burst was discounted, and it sends a kept burst back to the moderators. Settings:
`PENGADUAN_SUPPORT_BURST_SIZE` (10; 0 turns bursts off) and `PENGADUAN_SUPPORT_BURST_MINUTES` (10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ..config import Settings
from ..models import Support, SupportBurst
from .limits import serialise

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
