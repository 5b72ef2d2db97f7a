"""SLA clocks in working days: Monday to Friday in Jakarta, Indonesian public holidays excluded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

JAKARTA = ZoneInfo("Asia/Jakarta")


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Indonesia(years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `start` (Jakarta time), as an aware UTC-comparable datetime.

    A report that comes in on Friday evening with a 3-day target is due at the
    end of Wednesday; holidays do not count.
    """
    day = start.astimezone(JAKARTA).date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.combine(day, time(23, 59, 59), tzinfo=JAKARTA)


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and now > due_at


def working_days_late(due_at: datetime, now: datetime) -> int:
    """Working days gone by since the deadline's day, in Jakarta (0 on the day it falls due)."""
    day, today = due_at.astimezone(JAKARTA).date(), now.astimezone(JAKARTA).date()
    late = 0
    while day < today:
        day += timedelta(days=1)
        late += is_working_day(day)
    return late
