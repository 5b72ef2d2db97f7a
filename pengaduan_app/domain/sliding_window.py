"""Limits over a sliding time window, counted from the stored rows themselves.

Counting in the database (not in a server process) makes a limit hold across
every worker and server that shares the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select


def next_allowed(
    session: Session, created, condition, *, limit: int, span: timedelta, now: datetime
) -> datetime | None:
    """None while fewer than `limit` rows matching `condition` have `created` in the `span` before `now`;
    otherwise the moment the oldest of the newest `limit` of them leaves the window (one more fits then).
    A `limit` of 0 or less means no limit."""
    if limit <= 0:
        return None
    oldest_counted = session.exec(
        select(created).where(condition, created > now - span).order_by(created.desc()).offset(limit - 1).limit(1)
    ).first()
    return None if oldest_counted is None else oldest_counted + span
