"""Officers correct what the reporter got wrong: the category and the place.

A new category re-derives the deadline (from the filing time) and the responsible unit; a moved pin
re-routes the report to its kelurahan, kecamatan and kota. A report that was handed over (disposisi) keeps
the unit it was handed to. Each correction is a public timeline step in citizen words and an audit entry;
the caller's transaction commits it.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..geo.reroute import apply_route
from ..geo.router import Route, get_router
from ..models import Category, Report
from .accounts import StaffIdentity
from .areas import responsible_unit
from .handling import HandlingError, load_for_handling
from .permissions import placeable_kecamatan_ids
from .public_reports import route_label
from .sla import add_working_days
from .status import OPEN_STATUSES
from .timeline import apply_step
from .validation import location_error


def _load_open(session: Session, identity: StaffIdentity | None, code: str) -> Report:
    report = load_for_handling(session, identity, code)
    if report.status not in OPEN_STATUSES:
        raise HandlingError("error.correction_closed")
    return report


def _current_route(report: Report) -> Route:
    return Route(report.kota_id, report.kecamatan_id, report.kelurahan_id, report.routing_approximate)


def _unit(report: Report) -> dict:
    return {"unit_agency": report.unit_agency, "unit_area_id": report.unit_area_id}


def change_category(session: Session, identity: StaffIdentity | None, code: str, category_code: str) -> Report:
    """Put the report in the right category: new deadline, and a new unit unless it was handed over."""
    report = _load_open(session, identity, code)
    category = session.exec(select(Category).where(Category.code == str(category_code), Category.active)).first()
    if category is None:
        raise HandlingError("error.category_invalid")
    old = session.get(Category, report.category_id)
    if category.id == old.id:
        raise HandlingError("error.correction_unchanged")
    route = _current_route(report)
    if _unit(report) == responsible_unit(old, route):
        new_unit = responsible_unit(category, route)
        if new_unit != _unit(report):
            report.assigned_user_id = None
        report.unit_agency, report.unit_area_id = new_unit["unit_agency"], new_unit["unit_area_id"]
    report.category_id = category.id
    report.due_at = add_working_days(report.created_at, category.sla_days)
    apply_step(
        session,
        report,
        "recategorize",
        officer=identity,
        note=category.name_id,
        before=old.code,
        after=category.code,
        due_at=report.due_at,
    )
    return report


def move_pin(session: Session, identity: StaffIdentity | None, code: str, lat: object, lng: object) -> Report:
    """Move a misplaced pin and route the report again; an area officer stays within their kecamatan."""
    report = _load_open(session, identity, code)
    if location_error(lat, lng) is not None:
        raise HandlingError("error.location_invalid")
    lat, lng = round(float(lat), 6), round(float(lng), 6)
    if (lat, lng) == (round(report.latitude, 6), round(report.longitude, 6)):
        raise HandlingError("error.correction_unchanged")
    route = get_router(session).route(lat, lng)
    if route is None:
        raise HandlingError("error.location_outside")
    allowed = placeable_kecamatan_ids(session, identity)
    if allowed is not None and route.kecamatan_id not in allowed:
        raise HandlingError("error.move_outside_area")
    before = (report.latitude, report.longitude, report.kelurahan_id, report.kecamatan_id)
    unit_before = _unit(report)
    report.latitude, report.longitude = lat, lng
    apply_route(report, route)
    if _unit(report) != unit_before:
        report.assigned_user_id = None
    apply_step(
        session,
        report,
        "relocate",
        officer=identity,
        note=route_label(session, route),
        before=list(before),
        after=[lat, lng, report.kelurahan_id, report.kecamatan_id],
    )
    return report
