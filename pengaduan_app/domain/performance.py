"""Public performance per kota, kecamatan and kelurahan, and a ranking that is fair across volumes.

The ranking orders areas by their share of reports handled within the SLA,
shrunk towards the city-wide share by a prior worth `PRIOR_WEIGHT` reports
(an empirical-Bayes average): an area with 3 reports all on time does not
outrank one with 300 reports 95 % on time, and a small area is neither
praised nor shamed for luck. Qlue's kelurahan ranking was criticised for
ignoring volume; this is the usual cure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, AreaOpenDue, AreaTally, DailyTally, Report
from ..models.figures import NO_AREA
from ..models.types import utcnow
from .figures import COUNTERS, DONE, due_day
from .sla import JAKARTA

PRIOR_WEIGHT = 20
LEVEL_COLUMNS = {"kota": "kota_id", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"}


@dataclass(frozen=True)
class AreaPerformance:
    area_id: int | None
    name: str
    received: int
    share_resolved: float | None
    median_response_hours: float | None
    median_resolution_hours: float | None
    share_within_sla: float | None
    eligible: int
    reopen_rate: float | None
    average_rating: float | None
    fair_score: float | None
    hidden: int = 0  # of `received`, hidden by a moderator: still counted against the area


@dataclass(frozen=True)
class WeekPoint:
    week_start: str  # ISO date of the Monday, Jakarta time
    received: int
    resolved: int


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class _Counts:
    """One area's totals (an AreaTally row, or a sum of them) and its deadline-dependent figures."""

    tally: AreaTally
    eligible: int = 0  # resolved, or still unfinished past the deadline
    median_response: float | None = None
    median_resolution: float | None = None


def _performance(area_id, name: str, counts: _Counts, city_share: float | None) -> AreaPerformance:
    tally = counts.tally
    fair = None
    if city_share is not None:
        fair = (tally.within + PRIOR_WEIGHT * city_share) / (counts.eligible + PRIOR_WEIGHT)
    return AreaPerformance(
        area_id=area_id,
        name=name,
        received=tally.received,
        share_resolved=_ratio(tally.resolved, tally.received),
        median_response_hours=counts.median_response,
        median_resolution_hours=counts.median_resolution,
        share_within_sla=_ratio(tally.within, counts.eligible),
        eligible=counts.eligible,
        reopen_rate=_ratio(tally.reopened, tally.resolved_ever),
        average_rating=tally.rating_sum / tally.ratings if tally.ratings else None,
        fair_score=fair,
        hidden=tally.hidden,
    )


def _summed(tallies: list[AreaTally]) -> AreaTally:
    return AreaTally(level="", area_id=0, **{name: sum(getattr(t, name) for t in tallies) for name in COUNTERS})


def _overdue_open(session: Session, level: str, area_ids: list[int] | None, now: datetime) -> dict[int, int]:
    """Unfinished reports past their deadline per area: whole days from AreaOpenDue, today's from the
    reports due today (an index range)."""
    today = due_day(now)
    query = select(AreaOpenDue.area_id, func.sum(AreaOpenDue.open_count)).where(
        AreaOpenDue.level == level, AreaOpenDue.due_day < today
    )
    if area_ids is not None:
        query = query.where(AreaOpenDue.area_id.in_(area_ids))
    counts = {area: int(n or 0) for area, n in session.exec(query.group_by(AreaOpenDue.area_id)).all()}
    column = getattr(Report, LEVEL_COLUMNS[level])
    day_start = datetime.fromisoformat(today).replace(tzinfo=UTC)
    # Only the deadline range in SQL, so every database reads it from the due_at index (a day's reports).
    due_today = select(column, Report.status).where(Report.due_at >= day_start, Report.due_at < now)
    wanted = None if area_ids is None else set(area_ids)
    for area_id, state in session.exec(due_today).all():
        area_id = area_id or NO_AREA
        if state not in DONE and (wanted is None or area_id in wanted):
            counts[area_id] = counts.get(area_id, 0) + 1
    return counts


@lru_cache(maxsize=16)
def _middle_query(column_name: str, level: str | None):
    """The one or two middle values of a column over an area's reports, by index order; built once and run
    with bound values (dozens of areas per page)."""
    column = getattr(Report, column_name)
    conditions = [column.is_not(None)]
    if level is not None:
        conditions.append(getattr(Report, LEVEL_COLUMNS[level]) == bindparam("area"))
    return select(column).where(*conditions).order_by(column).offset(bindparam("skip")).limit(bindparam("take"))


def _median(session: Session, column_name: str, level: str | None, area_id: int | None, count: int) -> float | None:
    """The median over an area's reports (the whole city when `level` is None), read from the middle of an
    index instead of sorting every value."""
    if not count:
        return None
    params = {"skip": (count - 1) // 2, "take": 2 - count % 2}
    if level is not None:
        params["area"] = area_id
    middle = session.connection().execute(_middle_query(column_name, level), params).scalars().all()
    return sum(middle) / len(middle) if middle else None


def _with_medians(session: Session, tally: AreaTally, level: str | None, area_id: int | None, eligible: int):
    return _Counts(
        tally,
        eligible,
        _median(session, "response_hours", level, area_id, tally.responded),
        _median(session, "resolution_hours", level, area_id, tally.resolved_timed),
    )


def area_performance(
    session: Session, level: str, parent_id: int | None = None, now: datetime | None = None
) -> tuple[AreaPerformance, list[AreaPerformance]]:
    """The total and one line per area of `level` (within `parent_id` if given), best fair score first.

    Read from the running totals (domain.figures): the cost does not grow with the number of reports.
    """
    now = now or utcnow()
    query = select(AreaTally).where(AreaTally.level == level, AreaTally.area_id != NO_AREA, AreaTally.received > 0)
    if parent_id is not None:
        query = query.where(AreaTally.area_id.in_(select(Area.id).where(Area.parent_id == parent_id)))
    tallies = session.exec(query).all()
    overdue = _overdue_open(session, level, [t.area_id for t in tallies], now)
    counts = {
        t.area_id: _with_medians(session, t, level, t.area_id, t.done_due + overdue.get(t.area_id, 0)) for t in tallies
    }
    if parent_id is None:
        total_tally = _summed(session.exec(select(AreaTally).where(AreaTally.level == "kota")).all())
        total_overdue = sum(_overdue_open(session, "kota", None, now).values())
        total = _with_medians(session, total_tally, None, None, total_tally.done_due + total_overdue)
    else:
        parent_level = {"kecamatan": "kota", "kelurahan": "kecamatan"}[level]
        parent = session.get(AreaTally, (parent_level, parent_id)) or _summed([])
        parent_overdue = _overdue_open(session, parent_level, [parent_id], now).get(parent_id, 0)
        total = _with_medians(session, parent, parent_level, parent_id, parent.done_due + parent_overdue)
    city_share = _ratio(total.tally.within, total.eligible)
    names = dict(session.exec(select(Area.id, Area.name).where(Area.level == level)).all())
    lines = [
        _performance(area_id, display_name(names.get(area_id, "?")), part, city_share)
        for area_id, part in counts.items()
    ]
    lines.sort(key=lambda line: (-(line.fair_score or 0), -line.received, line.name))
    return _performance(None, "", total, city_share), lines


def weekly_trend(session: Session, weeks: int = 12, now: datetime | None = None) -> list[WeekPoint]:
    """Reports received and resolved per week (weeks start on Monday, Jakarta time), oldest first,
    from the daily totals."""
    now = (now or utcnow()).astimezone(JAKARTA)
    this_monday = (now - timedelta(days=now.weekday())).date()
    starts = [this_monday - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    received, resolved = [0] * weeks, [0] * weeks
    rows = session.exec(select(DailyTally).where(DailyTally.day >= starts[0].isoformat())).all()
    for row in rows:
        week = (date.fromisoformat(row.day) - starts[0]).days // 7
        if week < weeks:
            received[week] += row.received
            resolved[week] += row.resolved
    return [WeekPoint(start.isoformat(), received[i], resolved[i]) for i, start in enumerate(starts)]


_figures_cache: dict[tuple, tuple[float, tuple]] = {}


def dashboard_figures(session: Session, level: str, parent_id: int | None = None, *, max_age: float = 60.0) -> tuple:
    """(total, lines, weekly trend) for the public page and its map, computed at most once per `max_age`
    seconds per view: many people open this page, and the figures move slowly."""
    key = (str(session.get_bind().url), level, parent_id)
    cached = _figures_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    total, lines = area_performance(session, level, parent_id)
    figures = (total, lines, weekly_trend(session))
    _figures_cache[key] = (time.monotonic(), figures)
    return figures
