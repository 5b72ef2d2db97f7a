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
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Report, StatusChange
from ..models.types import utcnow
from . import status
from .sla import JAKARTA

PRIOR_WEIGHT = 20
LEVEL_COLUMNS = {"kota": "kota_id", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"}
DONE = (status.RESOLVED, status.CLOSED)


@dataclass
class _Tally:
    received: int = 0
    resolved: int = 0
    eligible: int = 0  # resolved, or still open past the deadline
    within: int = 0
    reopened: int = 0
    resolved_ever: int = 0  # resolved now, or reopened (so resolved once before)
    response_hours: list[float] = field(default_factory=list)
    resolution_hours: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)


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


@dataclass(frozen=True)
class WeekPoint:
    week_start: str  # ISO date of the Monday, Jakarta time
    received: int
    resolved: int


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _count(tally: _Tally, row, reopened_ids: set[int], now: datetime) -> None:
    report_id, created, first_response, resolved_at, due, state, rating = row
    tally.received += 1
    done = state in DONE
    tally.resolved += done
    if first_response is not None:
        tally.response_hours.append(_hours(first_response - created))
    if done and resolved_at is not None:
        tally.resolution_hours.append(_hours(resolved_at - created))
    if due is not None and (done or now > due):
        tally.eligible += 1
        tally.within += bool(done and resolved_at is not None and resolved_at <= due)
    was_reopened = report_id in reopened_ids
    tally.reopened += was_reopened
    tally.resolved_ever += done or was_reopened
    if rating:
        tally.ratings.append(rating)


def _performance(area_id, name: str, tally: _Tally, city_share: float | None) -> AreaPerformance:
    share = _ratio(tally.within, tally.eligible)
    fair = None
    if city_share is not None:
        fair = (tally.within + PRIOR_WEIGHT * city_share) / (tally.eligible + PRIOR_WEIGHT)
    return AreaPerformance(
        area_id=area_id,
        name=name,
        received=tally.received,
        share_resolved=_ratio(tally.resolved, tally.received),
        median_response_hours=_median(tally.response_hours),
        median_resolution_hours=_median(tally.resolution_hours),
        share_within_sla=share,
        eligible=tally.eligible,
        reopen_rate=_ratio(tally.reopened, tally.resolved_ever),
        average_rating=statistics.fmean(tally.ratings) if tally.ratings else None,
        fair_score=fair,
    )


def _rows(session: Session, level: str, parent_id: int | None):
    column = getattr(Report, LEVEL_COLUMNS[level])
    statement = select(
        column,
        Report.id,
        Report.created_at,
        Report.first_response_at,
        Report.resolved_at,
        Report.due_at,
        Report.status,
        Report.rating,
    ).where(~Report.hidden)
    if parent_id is not None:
        parent_level = {"kecamatan": "kota", "kelurahan": "kecamatan"}[level]
        statement = statement.where(getattr(Report, LEVEL_COLUMNS[parent_level]) == parent_id)
    return session.exec(statement).all()


def area_performance(
    session: Session, level: str, parent_id: int | None = None, now: datetime | None = None
) -> tuple[AreaPerformance, list[AreaPerformance]]:
    """The total and one line per area of `level` (within `parent_id` if given), best fair score first."""
    now = now or utcnow()
    rows = _rows(session, level, parent_id)
    reopened_ids = set(session.exec(select(StatusChange.report_id).where(StatusChange.action == "reopen")).all())
    total, per_area = _Tally(), defaultdict(_Tally)
    for area_id, *rest in rows:
        _count(total, rest, reopened_ids, now)
        if area_id is not None:
            _count(per_area[area_id], rest, reopened_ids, now)
    city_share = _ratio(total.within, total.eligible)
    names = dict(session.exec(select(Area.id, Area.name).where(Area.level == level)).all())
    lines = [
        _performance(area_id, display_name(names.get(area_id, "?")), tally, city_share)
        for area_id, tally in per_area.items()
    ]
    lines.sort(key=lambda line: (-(line.fair_score or 0), -line.received, line.name))
    return _performance(None, "", total, city_share), lines


def weekly_trend(session: Session, weeks: int = 12, now: datetime | None = None) -> list[WeekPoint]:
    """Reports received and resolved per week (weeks start on Monday, Jakarta time), oldest first."""
    now = (now or utcnow()).astimezone(JAKARTA)
    this_monday = (now - timedelta(days=now.weekday())).date()
    starts = [this_monday - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    received, resolved = defaultdict(int), defaultdict(int)
    since = datetime.combine(starts[0], datetime.min.time(), tzinfo=JAKARTA)

    def week_of(moment: datetime):
        local = moment.astimezone(JAKARTA)
        return (local - timedelta(days=local.weekday())).date()

    for created in session.exec(select(Report.created_at).where(~Report.hidden, Report.created_at >= since)).all():
        received[week_of(created)] += 1
    for resolved_at in session.exec(
        select(Report.resolved_at).where(~Report.hidden, Report.resolved_at >= since)
    ).all():
        resolved[week_of(resolved_at)] += 1
    return [WeekPoint(start.isoformat(), received[start], resolved[start]) for start in starts]
