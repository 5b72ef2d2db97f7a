"""Re-routing stored reports after the areas changed (new boundaries, or a CLI run)."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from ..models import Area, Report
from .router import AreaRouter, Route, get_router

_AREA_COLUMNS = (Report.kota_id, Report.kecamatan_id, Report.kelurahan_id)


def apply_route(report: Report, route: Route | None) -> bool:
    """Set the report's area ids from `route` (all None outside the service area); True if anything changed."""
    values = {
        "kota_id": route.kota_id if route else None,
        "kecamatan_id": route.kecamatan_id if route else None,
        "kelurahan_id": route.kelurahan_id if route else None,
        "routing_approximate": route.approximate if route else False,
    }
    if report.unit_agency is None and report.unit_area_id in (None, report.kelurahan_id, report.kecamatan_id):
        # Still with the unit its place gave it (not handed over): follow the new place.
        values["unit_area_id"] = values["kelurahan_id"] or values["kecamatan_id"]
    changed = any(getattr(report, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(report, name, value)
    return changed


def reroute_reports(
    session: Session, only_unrouted_or_approximate: bool = True, *, router: AreaRouter | None = None
) -> int:
    """Route reports again and return how many changed; the caller commits.

    By default only reports that are unrouted, routed approximately, or pointing
    at an approximate area: a report already placed in a real area keeps it
    (staff may have moved it by hand).
    """
    router = router or get_router(session)
    query = select(Report)
    if only_unrouted_or_approximate:
        approximate_ids = select(Area.id).where(col(Area.approximate))
        query = query.where(
            or_(
                col(Report.routing_approximate),
                *(col(column).is_(None) for column in _AREA_COLUMNS),
                *(col(column).in_(approximate_ids) for column in _AREA_COLUMNS),
            )
        )
    reports = session.exec(query).all()
    changed = sum(apply_route(report, router.route(report.latitude, report.longitude)) for report in reports)
    session.flush()
    return changed
