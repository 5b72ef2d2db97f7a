"""Dates, ages and numbers for the visitor's language, in Jakarta time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_datetime
from babel.dates import format_timedelta
from babel.numbers import format_decimal
from babel.numbers import format_percent as format_percent_babel

JAKARTA = ZoneInfo("Asia/Jakarta")
_LOCALES = {"id": "id_ID", "en": "en_GB"}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, "id_ID")


def format_datetime(moment: datetime, lang: str) -> str:
    """E.g. `27 Nov 2026 20.13 WIB`."""
    local = moment.astimezone(JAKARTA)
    text = babel_datetime(local, "d MMM y HH.mm" if lang == "id" else "d MMM y, HH:mm", locale=_locale(lang))
    return f"{text} WIB"


def format_span(start: datetime, end: datetime, lang: str) -> str:
    """E.g. `27 Nov 2026 20.13–20.21 WIB`; the date twice only when the span crosses midnight."""
    first, last = start.astimezone(JAKARTA), end.astimezone(JAKARTA)
    if first.date() != last.date():
        return f"{format_datetime(start, lang)} – {format_datetime(end, lang)}"
    time = "HH.mm" if lang == "id" else "HH:mm"
    return f"{format_datetime(start, lang)[: -len(' WIB')]}–{babel_datetime(last, time, locale=_locale(lang))} WIB"


def localised_params(params: dict, lang: str) -> dict:
    """A message's values as the reader reads them (moments in Jakarta time)."""
    return {
        name: format_datetime(value, lang) if isinstance(value, datetime) else value for name, value in params.items()
    }


def format_age(moment: datetime, lang: str, now: datetime | None = None) -> str:
    """E.g. `3 hari yang lalu` / `3 days ago`."""
    now = now or datetime.now(UTC)
    return format_timedelta(moment - now, add_direction=True, threshold=1.1, locale=_locale(lang))


@lru_cache(maxsize=4096)  # support counts on every card and page: babel's formatting is slow for what it does
def format_number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


def format_percent(share: float, lang: str) -> str:
    """E.g. `87 %` / `87%`."""
    return format_percent_babel(share, locale=_locale(lang))


def format_hours(hours: float, lang: str) -> str:
    """A duration for people: hours under two days, days beyond (e.g. `5 jam`, `3 hari`)."""
    delta = timedelta(hours=hours)
    return format_timedelta(delta, threshold=2, granularity="minute", locale=_locale(lang))
