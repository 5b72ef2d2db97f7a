"""Public tracking codes like `JKT-2611-483920`: city, year+month (Jakarta time), six random digits.

The digits are drawn at random (and checked to be unused), not counted: with a running number the gap between
two codes told anyone that hidden or confidential reports existed, and when. Digits only, so a code is easy
to read aloud over the phone. Older codes with a running number (`JKT-2611-00042`) stay valid.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from ..errors import Refused
from ..models import Report

CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{5,}$")
ATTEMPTS = 50  # a month would need hundreds of thousands of reports before one draw in two is taken


class NoFreeTrackingCode(Refused):
    """Every draw was taken (practically impossible): the submission is refused, nothing stored."""


def period_of(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%y%m")


def format_code(city_code: str, period: str, number: int) -> str:
    return f"{city_code}-{period}-{number:05d}"


def is_tracking_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text))


def draw() -> int:
    """Six digits, never a leading zero (so a code is never read as a shorter one)."""
    return 100_000 + secrets.randbelow(900_000)


def next_tracking_code(session: Session, moment: datetime, *, city_code: str, timezone: str) -> str:
    """An unused code for `moment`'s month. Two submissions drawing the same free code at the same instant are
    caught by the unique index (one of them fails and may be sent again)."""
    period = period_of(moment, timezone)
    for _ in range(ATTEMPTS):
        code = format_code(city_code, period, draw())
        if session.exec(select(Report.id).where(Report.tracking_code == code)).first() is None:
            return code
    raise NoFreeTrackingCode("error.no_tracking_code")
