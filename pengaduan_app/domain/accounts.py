"""Staff accounts: roles and areas, server-side sessions that expire (mechanics in credentials.py), and what
admins do with them (every admin function checks that the caller is an admin).

Every privileged request looks the session up again, so signing out or
disabling an account takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..errors import FormRefused
from ..geo.names import display_name
from ..models import Area, Report, StaffArea, StaffSession, StaffUser
from ..models.types import utcnow
from . import credentials
from .areas import BY_CODE as AGENCIES
from .areas import AreaOption
from .audit import record
from .credentials import (
    CredentialError,
    check_counted,
    check_credentials,
    check_password_rules,
    clear_failures,
    end_session,
    hash_password,
    session_account,
    sign_in_delay,
    start_session,
)
from .permissions import ADMIN, AGENCY, ROLE_AREA_LEVEL, ROLES, can_handle, require_admin
from .status import OPEN_STATUSES
from .validation import FieldError, is_email

# Staff accounts, sessions and sign-in.
SESSION_HOURS = 10
SESSION_COOKIE = "pengaduan_staff"  # the browser keeps the staff session token under this name


class AccountError(CredentialError):
    """A refused account operation; `code` is a translation key."""


@dataclass(frozen=True)
class StaffIdentity:
    """The signed-in officer as handlers and pages see it (no password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    area_ids: frozenset[int]

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:80]


def create_staff(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    area_ids: list[int] = (),
    agency: str | None = None,
) -> StaffUser:
    """A new account; checks role, agency, areas and password rules. The caller commits."""
    username = normalise_username(username)
    if not username or not display_name.strip():
        raise AccountError("error.account_fields_required")
    if role not in ROLES:
        raise AccountError("error.role_invalid")
    if role == AGENCY and agency not in AGENCIES:
        raise AccountError("error.agency_invalid")
    check_password_rules(password)
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise AccountError("error.username_taken")
    user = StaffUser(
        username=username,
        display_name=display_name.strip()[:120],
        password_hash=hash_password(password),
        role=role,
        agency=agency if role == AGENCY else None,
    )
    session.add(user)
    session.flush()
    set_staff_areas(session, user, list(area_ids))
    return user


def set_staff_areas(session: Session, user: StaffUser, area_ids: list[int]) -> None:
    """Attach the officer to areas of the level their role works at."""
    level = ROLE_AREA_LEVEL.get(user.role)
    if level is None:
        area_ids = []
    elif not area_ids:
        raise AccountError("error.areas_required")
    wanted = set(area_ids)
    found = set(session.exec(select(Area.id).where(Area.id.in_(wanted), Area.level == level)).all())
    if found != wanted:
        raise AccountError("error.areas_invalid")
    session.exec(delete(StaffArea).where(StaffArea.user_id == user.id))
    for area_id in sorted(wanted):
        session.add(StaffArea(user_id=user.id, area_id=area_id))
    session.flush()


def digest_address(email: object) -> str | None:
    """An officer's e-mail address as stored (None: no daily digest); refuses what is not an address."""
    text = email.strip() if isinstance(email, str) else ""
    if text and (len(text) > 254 or not is_email(text)):
        raise AccountError("error.staff_email_invalid")
    return text or None


def set_staff_email(session: Session, username: str, email: str) -> StaffUser:
    """Where the officer's daily digest goes (domain/digest.py); "" for no digest."""
    user = session.exec(select(StaffUser).where(StaffUser.username == normalise_username(username))).first()
    if user is None:
        raise AccountError("error.account_unknown")
    user.email = digest_address(email)
    session.add(user)
    return user


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    """Disable or enable an account; disabling ends all its sessions at once."""
    user.active = active
    session.add(user)
    if not active:
        session.exec(delete(StaffSession).where(StaffSession.user_id == user.id))
    session.flush()


def set_password(session: Session, user: StaffUser, password: str) -> None:
    check_password_rules(password)
    user.password_hash = hash_password(password)
    session.add(user)
    session.exec(delete(StaffSession).where(StaffSession.user_id == user.id))
    session.flush()


def _login(username: str) -> str:
    return f"staff:{normalise_username(username)}"


def staff_sign_in_delay(session: Session, username: str, now: datetime | None = None) -> float:
    return sign_in_delay(session, _login(username), now or utcnow())


def unlock(session: Session, username: str) -> int:
    """Forget the account's failed sign-ins, from every address; returns how many."""
    return clear_failures(session, _login(username))


@dataclass(frozen=True)
class PasswordStep:
    """A right password: either the session (`token`), or the second step (`credentials.STEP_CODE` or
    `STEP_ENROL`) for `user_id` that must come before one."""

    token: str = ""
    step: str | None = None
    user_id: int | None = None


def check_password(
    session: Session, username: str, password: str, *, client: str, now: datetime | None = None
) -> PasswordStep:
    """The first step of signing in; CredentialError for a wrong password (counted, throttled after repeated
    failures). Blocking (Argon2): async callers run it in a thread, after waiting `staff_sign_in_delay`."""
    now = now or utcnow()
    username = normalise_username(username)
    user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
    active_hash = user.password_hash if user is not None and user.active else None
    step = credentials.second_step(user) if active_hash else None
    check_credentials(session, _login(username), active_hash, password, client=client, now=now, forget=step is None)
    if step is not None:
        return PasswordStep(step=step, user_id=user.id)
    return PasswordStep(token=_start(session, user, now))


def _start(session: Session, user: StaffUser, now: datetime) -> str:
    return start_session(
        session, StaffSession, {"user_id": user.id, "created_at": now}, timedelta(hours=SESSION_HOURS), now
    )


def sign_in(session: Session, username: str, password: str, *, client: str, now: datetime | None = None) -> str:
    """A session token for an account whose password is all it needs; an account with (or owing) a second
    factor is refused here: it signs in through `check_password` and `sign_in_with_code`."""
    step = check_password(session, username, password, client=client, now=now)
    if not step.token:
        raise CredentialError("error.two_factor_needed")
    return step.token


def sign_in_with_code(session: Session, user: StaffUser, code: str, *, client: str, now: datetime | None = None) -> str:
    """The session after the second factor (a TOTP code or a recovery code); a wrong code counts as a failed
    sign-in of the account from that address, like a wrong password."""
    now = now or utcnow()
    check_counted(
        session,
        _login(user.username),
        lambda: credentials.verify(session, user, code, now=now),
        client=client,
        now=now,
        refusal="error.two_factor_code_wrong",
    )
    return _start(session, user, now)


def enrol_and_sign_in(session: Session, user: StaffUser, code: str, *, client: str, now: datetime | None = None) -> str:
    """Enable the second factor being enrolled (the code proves the phone has the secret), then the session;
    wrong codes count toward the sign-in limits."""
    now = now or utcnow()

    def confirmed() -> bool:
        try:
            credentials.confirm_enrolment(session, user, code, now=now)
        except credentials.TwoFactorError:
            return False
        return True

    check_counted(
        session, _login(user.username), confirmed, client=client, now=now, refusal="error.two_factor_code_wrong"
    )
    return _start(session, user, now)


def sign_out(session: Session, token: str) -> None:
    end_session(session, StaffSession, token)


def identity_for(session: Session, token: str, now: datetime | None = None) -> StaffIdentity | None:
    """The officer behind a session token, or None (unknown, expired, or account disabled)."""
    user = session_account(session, StaffSession, StaffUser, StaffSession.user_id, token, now or utcnow())
    return identity_of(session, user) if user is not None else None


def identity_of(session: Session, user: StaffUser) -> StaffIdentity:
    areas = session.exec(select(StaffArea.area_id).where(StaffArea.user_id == user.id)).all()
    return StaffIdentity(user.id, user.username, user.display_name, user.role, user.agency, frozenset(areas))


def count_admins(session: Session) -> int:
    return session.exec(select(func.count(StaffUser.id)).where(StaffUser.role == ADMIN, StaffUser.active)).one()


# What admins do with accounts.
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
