"""Staff roles and who may do what: which reports an officer may see and handle, who moderates, who administers.

Checked inside every staff handler and endpoint, never only in the UI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import false
from sqlmodel import Session, select

from ..errors import Refused
from ..models import Area, Report

if TYPE_CHECKING:  # accounts imports this module; the identity is only an annotation here
    from .accounts import StaffIdentity

# Roles.
ADMIN = "admin"
KECAMATAN = "kecamatan"
KELURAHAN = "kelurahan"
AGENCY = "dinas"
# Answers for no area: hides and redacts anywhere, handles nothing. Area officers only flag for moderation, so
# the unit the public judges (on /kinerja) never decides what the public sees about it.
MODERATOR = "moderator"

ROLES = (ADMIN, KECAMATAN, KELURAHAN, AGENCY, MODERATOR)
MODERATING = (ADMIN, MODERATOR)
# The area level an officer of each role is attached to.
ROLE_AREA_LEVEL = {KECAMATAN: "kecamatan", KELURAHAN: "kelurahan"}


# Who may do what.
class PermissionDenied(Refused):
    """Nobody signed in, or an officer this step is not theirs to take."""

    def __init__(self) -> None:
        super().__init__("error.permission_denied")


def handled_area_ids(session: Session, identity: StaffIdentity) -> set[int]:
    """The units an area officer answers for: their areas, and for a kecamatan officer its kelurahan too."""
    ids = set(identity.area_ids)
    if identity.role == KECAMATAN and ids:
        ids |= set(session.exec(select(Area.id).where(Area.parent_id.in_(ids))).all())
    return ids


def may_assign_to(session: Session, assigner: StaffIdentity, officer: StaffIdentity) -> bool:
    """Reports go to officers of the assigner's own units or the units below them (a camat to the lurah of a
    kelurahan in his kecamatan, never upwards or sideways); an agency within the agency; admins to anyone."""
    if assigner.is_admin:
        return True
    if AGENCY in (assigner.role, officer.role) or officer.is_admin:
        return assigner.role == officer.role == AGENCY and assigner.agency == officer.agency
    theirs = handled_area_ids(session, officer)
    return bool(theirs) and theirs <= handled_area_ids(session, assigner)


def scope_clause(session: Session, identity: StaffIdentity):
    """A WHERE clause selecting the reports this officer may see in the queue and handle."""
    if identity.is_admin or identity.role == MODERATOR:
        return Report.id.is_not(None)
    if identity.role == AGENCY:
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
    if identity.role == AGENCY:
        return identity.agency is not None and report.unit_agency == identity.agency
    return report.unit_agency is None and report.unit_area_id in handled_area_ids(session, identity)


def can_moderate(identity: StaffIdentity | None) -> bool:
    return identity is not None and identity.role in MODERATING


def can_see(session: Session, identity: StaffIdentity | None, report: Report) -> bool:
    """Reading a report on the staff pages: who handles it, and moderators (who may read every report)."""
    return can_moderate(identity) or can_handle(session, identity, report)


def placeable_kecamatan_ids(session: Session, identity: StaffIdentity) -> set[int] | None:
    """Where an officer may move a report's pin: None means anywhere in the service area (admins, agencies);
    an area officer stays within the kecamatan they work in (a lurah: his kelurahan's kecamatan), so a
    misplaced pin can move to the neighbouring kelurahan but a report cannot be pushed across the city."""
    if identity.is_admin or identity.role == AGENCY:
        return None
    if identity.role == KECAMATAN:
        return set(identity.area_ids)
    if not identity.area_ids:
        return set()
    parents = session.exec(select(Area.parent_id).where(Area.id.in_(identity.area_ids))).all()
    return {parent for parent in parents if parent is not None}


def supervised_area_ids(session: Session, identity: StaffIdentity) -> set[int]:
    """The units one level below an area officer's own (a camat's kelurahan), whose work he oversees."""
    if identity.role != KECAMATAN or not identity.area_ids:
        return set()
    return set(session.exec(select(Area.id).where(Area.parent_id.in_(identity.area_ids))).all())


def sees_every_field_check(identity: StaffIdentity) -> bool:
    return identity.is_admin or identity.role == MODERATOR


def field_check_clause(session: Session, identity: StaffIdentity):
    """A WHERE clause for the reports whose after-photo check this officer may see (photos.check_after_photos), or None
    when they see none: admins and moderators all, a camat those of his kelurahan (never an officer his own)."""
    if sees_every_field_check(identity):
        return Report.id.is_not(None)
    below = supervised_area_ids(session, identity)
    return (Report.unit_agency.is_(None) & Report.unit_area_id.in_(below)) if below else None


def may_see_field_check(session: Session, identity: StaffIdentity | None, report: Report) -> bool:
    if identity is None:
        return False
    if sees_every_field_check(identity):
        return True
    return report.unit_agency is None and report.unit_area_id in supervised_area_ids(session, identity)


def require_staff(identity: StaffIdentity | None) -> StaffIdentity:
    if identity is None:
        raise PermissionDenied()
    return identity


def require_admin(identity: StaffIdentity | None) -> StaffIdentity:
    if identity is None or not identity.is_admin:
        raise PermissionDenied()
    return identity


def require_moderator(identity: StaffIdentity | None) -> StaffIdentity:
    if not can_moderate(identity):
        raise PermissionDenied()
    return identity


def require_can_see(session: Session, identity: StaffIdentity | None, report: Report) -> StaffIdentity:
    if not can_see(session, identity, report):
        raise PermissionDenied()
    return identity


def require_can_handle(session: Session, identity: StaffIdentity | None, report: Report) -> StaffIdentity:
    if not can_handle(session, identity, report):
        raise PermissionDenied()
    return identity
