"""Public performance per kota, kecamatan and kelurahan, and a ranking that is fair across volumes.

The ranking orders areas by their share of reports handled within the SLA,
shrunk towards the city-wide share by a prior worth `PRIOR_WEIGHT` reports
(an empirical-Bayes average): an area with 3 reports all on time does not
outrank one with 300 reports 95 % on time, and a small area is neither
praised nor shamed for luck. Qlue's kelurahan ranking was criticised for
ignoring volume; this is the usual cure.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Report, StatusChange
from ..models.types import utcnow
from . import status
from .sla import JAKARTA
from .sql_time import epoch_seconds, hours_between

PRIOR_WEIGHT = 20
LEVEL_COLUMNS = {"kota": "kota_id", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"}
DONE = (status.RESOLVED, status.CLOSED)


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


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class _Counts:
    received: int = 0
    resolved: int = 0
    eligible: int = 0  # resolved, or still open past the deadline
    within: int = 0
    reopened: int = 0
    resolved_ever: int = 0  # resolved now, or reopened (so resolved once before)
    rating_sum: int = 0
    ratings: int = 0
    hidden: int = 0
    response_hours: list[float] = field(default_factory=list)
    resolution_hours: list[float] = field(default_factory=list)

    def add(self, other: _Counts) -> None:
        for name in _SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.response_hours += other.response_hours
        self.resolution_hours += other.resolution_hours


_SUMMED = ("received", "resolved", "eligible", "within", "reopened", "resolved_ever", "rating_sum", "ratings", "hidden")


def _performance(area_id, name: str, counts: _Counts, city_share: float | None) -> AreaPerformance:
    fair = None
    if city_share is not None:
        fair = (counts.within + PRIOR_WEIGHT * city_share) / (counts.eligible + PRIOR_WEIGHT)
    return AreaPerformance(
        area_id=area_id,
        name=name,
        received=counts.received,
        share_resolved=_ratio(counts.resolved, counts.received),
        median_response_hours=_median(counts.response_hours),
        median_resolution_hours=_median(counts.resolution_hours),
        share_within_sla=_ratio(counts.within, counts.eligible),
        eligible=counts.eligible,
        reopen_rate=_ratio(counts.reopened, counts.resolved_ever),
        average_rating=counts.rating_sum / counts.ratings if counts.ratings else None,
        fair_score=fair,
        hidden=counts.hidden,
    )


def _counts_by_area(session: Session, level: str, parent_id: int | None, now: datetime) -> dict:
    """Every figure summed in SQL per area; only the hours for the medians come back row by row."""
    dialect = session.get_bind().dialect.name
    area = getattr(Report, LEVEL_COLUMNS[level])
    done = Report.status.in_(DONE)
    reopened = Report.id.in_(select(StatusChange.report_id).where(StatusChange.action == "reopen"))
    eligible = Report.due_at.is_not(None) & (done | (Report.due_at < now))
    within = done & Report.resolved_at.is_not(None) & Report.due_at.is_not(None) & (Report.resolved_at <= Report.due_at)

    def count_of(condition):
        return func.sum(case((condition, 1), else_=0))

    # Hidden reports count too: hiding a report must never improve an area's figures.
    conditions = []
    if parent_id is not None:
        parent_level = {"kecamatan": "kota", "kelurahan": "kecamatan"}[level]
        conditions.append(getattr(Report, LEVEL_COLUMNS[parent_level]) == parent_id)
    counts: dict = defaultdict(_Counts)
    for row in session.exec(
        select(
            area,
            func.count(Report.id),
            count_of(done),
            count_of(eligible),
            count_of(within),
            count_of(reopened),
            count_of(done | reopened),
            func.coalesce(func.sum(Report.rating), 0),
            func.count(Report.rating),
            count_of(Report.hidden),
        )
        .where(*conditions)
        .group_by(area)
    ).all():
        area_id, *numbers = row
        counts[area_id] = _Counts(*(int(n or 0) for n in numbers))
    for target, start_end, condition in (
        ("response_hours", Report.first_response_at, Report.first_response_at.is_not(None)),
        ("resolution_hours", Report.resolved_at, done & Report.resolved_at.is_not(None)),
    ):
        hours = hours_between(Report.created_at, start_end, dialect)
        for area_id, value in session.exec(select(area, hours).where(condition, *conditions)).all():
            getattr(counts[area_id], target).append(float(value))
    return counts


def area_performance(
    session: Session, level: str, parent_id: int | None = None, now: datetime | None = None
) -> tuple[AreaPerformance, list[AreaPerformance]]:
    """The total and one line per area of `level` (within `parent_id` if given), best fair score first."""
    counts = _counts_by_area(session, level, parent_id, now or utcnow())
    total = _Counts()
    for part in counts.values():
        total.add(part)
    city_share = _ratio(total.within, total.eligible)
    names = dict(session.exec(select(Area.id, Area.name).where(Area.level == level)).all())
    lines = [
        _performance(area_id, display_name(names.get(area_id, "?")), part, city_share)
        for area_id, part in counts.items()
        if area_id is not None
    ]
    lines.sort(key=lambda line: (-(line.fair_score or 0), -line.received, line.name))
    return _performance(None, "", total, city_share), lines


def weekly_trend(session: Session, weeks: int = 12, now: datetime | None = None) -> list[WeekPoint]:
    """Reports received and resolved per week (weeks start on Monday, Jakarta time), oldest first.

    Counted in SQL: each timestamp's week number since the first Monday shown.
    """
    dialect = session.get_bind().dialect.name
    now = (now or utcnow()).astimezone(JAKARTA)
    this_monday = (now - timedelta(days=now.weekday())).date()
    starts = [this_monday - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    since = datetime.combine(starts[0], datetime.min.time(), tzinfo=JAKARTA)
    seconds_per_week = 7 * 24 * 3600.0
    tallies = {}
    for name, column in (("received", Report.created_at), ("resolved", Report.resolved_at)):
        week = func.floor((epoch_seconds(column, dialect) - since.timestamp()) / seconds_per_week)
        rows = session.exec(select(week, func.count(Report.id)).where(column >= since).group_by(week)).all()
        tallies[name] = {int(index): count for index, count in rows}
    return [
        WeekPoint(start.isoformat(), tallies["received"].get(i, 0), tallies["resolved"].get(i, 0))
        for i, start in enumerate(starts)
    ]


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
