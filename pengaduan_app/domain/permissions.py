"""Who may handle which report. Checked inside every staff handler and endpoint, never only in the UI."""

from __future__ import annotations

from sqlalchemy import false
from sqlmodel import Session, select

from ..errors import Refused
from ..models import Area, Report
from . import roles
from .accounts import StaffIdentity


class PermissionDenied(Refused):
    """Nobody signed in, or an officer this step is not theirs to take."""

    def __init__(self) -> None:
        super().__init__("error.permission_denied")


def handled_area_ids(session: Session, identity: StaffIdentity) -> set[int]:
    """The units an area officer answers for: their areas, and for a kecamatan officer its kelurahan too."""
    ids = set(identity.area_ids)
    if identity.role == roles.KECAMATAN and ids:
        ids |= set(session.exec(select(Area.id).where(Area.parent_id.in_(ids))).all())
    return ids


def shares_a_unit(session: Session, one: StaffIdentity, other: StaffIdentity) -> bool:
    if roles.AGENCY in (one.role, other.role):
        return one.role == other.role and one.agency == other.agency
    return bool(handled_area_ids(session, one) & handled_area_ids(session, other))


def scope_clause(session: Session, identity: StaffIdentity):
    """A WHERE clause selecting the reports this officer may see in the queue and handle."""
    if identity.is_admin:
        return Report.id.is_not(None)
    if identity.role == roles.AGENCY:
        return Report.unit_agency == identity.agency if identity.agency else false()
    area_ids = handled_area_ids(session, identity)
    if not area_ids:
        return false()
    return Report.unit_agency.is_(None) & Report.unit_area_id.in_(area_ids)


def can_handle(session: Session, identity: StaffIdentity | None, report: Report) -> bool:
    if identity is None:
        return False
    if identity.is_admin:
        return True
    if identity.role == roles.AGENCY:
        return identity.agency is not None and report.unit_agency == identity.agency
    return report.unit_agency is None and report.unit_area_id in handled_area_ids(session, identity)


def require_staff(identity: StaffIdentity | None) -> StaffIdentity:
    if identity is None:
        raise PermissionDenied()
    return identity


def require_admin(identity: StaffIdentity | None) -> StaffIdentity:
    if identity is None or not identity.is_admin:
        raise PermissionDenied()
    return identity


def require_can_handle(session: Session, identity: StaffIdentity | None, report: Report) -> StaffIdentity:
    if not can_handle(session, identity, report):
        raise PermissionDenied()
    return identity
