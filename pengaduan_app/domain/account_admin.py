"""Admins manage staff accounts; every function checks that the caller is an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..errors import FormRefused
from ..geo.names import display_name
from ..models import Area, Report, StaffArea, StaffUser
from .accounts import (
    AccountError,
    StaffIdentity,
    count_admins,
    create_staff,
    digest_address,
    identity_of,
    set_active,
    set_password,
    set_staff_areas,
)
from .areas import AreaOption
from .audit import record
from .permissions import can_handle, require_admin
from .roles import ADMIN, ROLE_AREA_LEVEL
from .status import OPEN_STATUSES
from .validation import FieldError


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    active: bool
    areas: list[str]
    email: str | None  # where the daily digest goes: for admins' eyes only


def list_accounts(session: Session, identity: StaffIdentity | None) -> list[AccountRow]:
    require_admin(identity)
    users = session.exec(select(StaffUser).order_by(StaffUser.role, StaffUser.username)).all()
    links = session.exec(select(StaffArea.user_id, Area.name).join(Area, Area.id == StaffArea.area_id)).all()
    names: dict[int, list[str]] = {}
    for user_id, name in links:
        names.setdefault(user_id, []).append(name.title())
    return [
        AccountRow(u.id, u.username, u.display_name, u.role, u.agency, u.active, sorted(names.get(u.id, [])), u.email)
        for u in users
    ]


def admin_create_account(
    session: Session, identity: StaffIdentity | None, *, email: object = "", **fields
) -> StaffUser:
    """A new account (create_staff's checks), with the address of its daily digest if one is given."""
    actor = require_admin(identity)
    address = _address_field(email)
    user = create_staff(session, **fields)
    record(session, actor, "account_create", username=user.username, role=user.role)
    _set_email(session, actor, user, address)
    return user


def admin_set_email(session: Session, identity: StaffIdentity | None, user_id: int, email: object) -> None:
    """Set (or, with "", clear) where an officer's daily digest goes; audited when it changes."""
    actor = require_admin(identity)
    address = _address_field(email)
    _set_email(session, actor, _target(session, user_id), address)


def _address_field(email: object) -> str | None:
    """The address, or a refusal shown by the form's e-mail field."""
    try:
        return digest_address(email)
    except AccountError as refusal:
        raise FormRefused({"email": FieldError(refusal.code)}) from None


def _set_email(session: Session, actor: StaffIdentity, user: StaffUser, address: str | None) -> None:
    if address == user.email:
        return
    user.email = address
    session.add(user)
    session.flush()
    action = "account_email" if address else "account_email_clear"
    record(session, actor, action, username=user.username, email=address or "")


def _target(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise AccountError("error.account_unknown")
    return user


def admin_set_active(session: Session, identity: StaffIdentity | None, user_id: int, active: bool) -> None:
    actor = require_admin(identity)
    user = _target(session, user_id)
    if not active and user.role == ADMIN and user.active and count_admins(session) <= 1:
        raise AccountError("error.last_admin")
    set_active(session, user, active)
    record(session, actor, "account_enable" if active else "account_disable", username=user.username)


def admin_reset_password(session: Session, identity: StaffIdentity | None, user_id: int, password: str) -> None:
    actor = require_admin(identity)
    user = _target(session, user_id)
    set_password(session, user, password)
    record(session, actor, "account_password", username=user.username)


def admin_set_areas(session: Session, identity: StaffIdentity | None, user_id: int, area_ids: list[int]) -> list[str]:
    """Give an officer new areas (of their role's level), audited with before and after. Returns the tracking
    codes of the open reports assigned to them that now lie outside what they handle: the admin is told, so
    that someone reassigns them (they stay assigned and visible to the unit's other officers and admins)."""
    actor = require_admin(identity)
    user = _target(session, user_id)
    before = _area_names(session, identity_of(session, user).area_ids)
    set_staff_areas(session, user, list(area_ids))
    officer = identity_of(session, user)
    after = _area_names(session, officer.area_ids)
    if before != after:
        record(session, actor, "account_areas", username=user.username, before=before, after=after)
    assigned = session.exec(
        select(Report)
        .where(Report.assigned_user_id == user.id, Report.status.in_(OPEN_STATUSES))
        .order_by(Report.created_at)
    ).all()
    return [r.tracking_code for r in assigned if not can_handle(session, officer, r)]


def _area_names(session: Session, area_ids: frozenset[int]) -> list[str]:
    if not area_ids:
        return []
    return sorted(display_name(n) for n in session.exec(select(Area.name).where(Area.id.in_(area_ids))).all())


def officer_areas(session: Session, identity: StaffIdentity | None, user_id: int) -> tuple[str, list[AreaOption]]:
    """The area level an officer's role works at ("" when it has none) and their areas, for the admin's picker."""
    require_admin(identity)
    user = _target(session, user_id)
    level = ROLE_AREA_LEVEL.get(user.role, "")
    rows = session.exec(
        select(Area.id, Area.name).join(StaffArea, StaffArea.area_id == Area.id).where(StaffArea.user_id == user.id)
    ).all()
    return level, sorted((AreaOption(i, display_name(n), level) for i, n in rows), key=lambda a: a.name)
