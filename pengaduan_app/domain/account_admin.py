"""Admins manage staff accounts; every function checks that the caller is an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import Area, StaffArea, StaffUser
from .accounts import AccountError, StaffIdentity, count_admins, create_staff, set_active, set_password
from .audit import record
from .permissions import require_admin
from .roles import ADMIN


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    active: bool
    areas: list[str]


def list_accounts(session: Session, identity: StaffIdentity | None) -> list[AccountRow]:
    require_admin(identity)
    users = session.exec(select(StaffUser).order_by(StaffUser.role, StaffUser.username)).all()
    links = session.exec(select(StaffArea.user_id, Area.name).join(Area, Area.id == StaffArea.area_id)).all()
    names: dict[int, list[str]] = {}
    for user_id, name in links:
        names.setdefault(user_id, []).append(name.title())
    return [
        AccountRow(u.id, u.username, u.display_name, u.role, u.agency, u.active, sorted(names.get(u.id, [])))
        for u in users
    ]


def admin_create_account(session: Session, identity: StaffIdentity | None, **fields) -> StaffUser:
    actor = require_admin(identity)
    user = create_staff(session, **fields)
    record(session, actor, "account_create", username=user.username, role=user.role)
    return user


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
