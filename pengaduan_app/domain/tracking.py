"""Public tracking codes like `JKT-2611-00042`: city, year+month (Jakarta time), sequence.

The sequence is per month and handed out by one atomic upsert on a counter
row, so codes are unique and increase within a month even with concurrent
submissions, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from ..models import TrackingCounter

CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{5,}$")


def period_of(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%y%m")


def format_code(city_code: str, period: str, sequence: int) -> str:
    return f"{city_code}-{period}-{sequence:05d}"


def is_tracking_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text))


def _next_sequence(session: Session, period: str) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(TrackingCounter)
        .values(period=period, last=1)
        .on_conflict_do_update(index_elements=["period"], set_={"last": TrackingCounter.last + 1})
        .returning(TrackingCounter.last)
    )
    return session.execute(statement).scalar_one()


def next_tracking_code(session: Session, moment: datetime, *, city_code: str, timezone: str) -> str:
    """Reserve the next code for `moment`'s month inside the caller's transaction."""
    period = period_of(moment, timezone)
    return format_code(city_code, period, _next_sequence(session, period))
