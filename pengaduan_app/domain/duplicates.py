"""Already reported? Open public reports of the same category near a chosen spot.

A bounding box around the spot narrows the candidates in SQL (using the map
index); the exact great-circle distance then decides in Python. A report rejected as a duplicate hands its
supporters to the original (`move_supporters`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session

from ..models import Report, Support
from .public_reports import ReportFilter, ReportSummary, filter_conditions, summaries_from, summary_select
from .status import STATUSES, public_status
from .viewport import BBox

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
OPEN_PUBLIC_CODES = ("waiting", "in_progress", "reopened")
OPEN_STATUSES = tuple(s for s in STATUSES if public_status(s).code in OPEN_PUBLIC_CODES)
CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class NearbyReport:
    summary: ReportSummary
    distance_m: float


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lng) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def box_around(lat: float, lng: float, radius_m: float) -> BBox:
    """A box that holds every point within `radius_m` of (lat, lng) (away from the poles)."""
    dlat = radius_m / METRES_PER_DEGREE
    dlng = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return BBox(max(lng - dlng, -180), max(lat - dlat, -90), min(lng + dlng, 180), min(lat + dlat, 90))


def nearby_open_reports(
    session: Session, category_code: str, lat: float, lng: float, radius_m: float, *, limit: int = 5
) -> list[NearbyReport]:
    """Open, public reports of this category within `radius_m`, nearest first."""
    filters = ReportFilter(category=category_code, bbox=box_around(lat, lng, radius_m))
    rows = session.exec(
        summary_select().where(*filter_conditions(filters), Report.status.in_(OPEN_STATUSES)).limit(CANDIDATE_LIMIT)
    ).all()
    near = sorted(
        (haversine_m((lat, lng), (summary.latitude, summary.longitude)), summary.report_id, summary)
        for summary in summaries_from(rows)
    )
    return [NearbyReport(summary, distance) for distance, _, summary in near if distance <= radius_m][:limit]


def move_supporters(session: Session, duplicate: Report, original: Report) -> int:
    """Move supports in SQL (no read-then-write); both counters are recomputed from the rows. Returns how many moved."""
    already = sa_select(Support.supporter_key).where(Support.report_id == original.id).scalar_subquery()
    moved = session.exec(
        update(Support)
        .where(Support.report_id == duplicate.id, Support.supporter_key.not_in(already))
        .values(report_id=original.id)
    ).rowcount
    session.exec(delete(Support).where(Support.report_id == duplicate.id))
    for report in (duplicate, original):
        counted = (Support.report_id == report.id) & Support.discounted.is_(False)
        count = sa_select(func.count(Support.id)).where(counted).scalar_subquery()
        session.exec(update(Report).where(Report.id == report.id).values(support_count=count))
    session.flush()
    session.refresh(duplicate)
    session.refresh(original)
    return moved
