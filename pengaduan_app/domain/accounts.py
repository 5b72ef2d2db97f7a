"""Staff accounts: Argon2 passwords, server-side sessions that expire, throttled sign-in.

A session is a random token kept in the browser; the database holds only its
SHA-256, so a leaked database does not sign anyone in. Every privileged request
looks the session up again, so signing out or disabling an account takes
effect at once.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..models import Area, SignInAttempt, StaffArea, StaffSession, StaffUser
from ..models.types import utcnow
from . import roles
from .agencies import BY_CODE as AGENCIES

SESSION_HOURS = 10
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_CLIENT = 20
PASSWORD_MIN = 10

# Argon2id with the library's recommended costs; "low" is for test suites only (PENGADUAN_PASSWORD_HASH_COST).
_COSTS = {"default": {}, "low": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}}
_hasher = PasswordHasher(**_COSTS.get(os.environ.get("PENGADUAN_PASSWORD_HASH_COST", "default"), {}))
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("pengaduan-no-such-user")


class AccountError(ValueError):
    """A refused account operation; `code` is a translation key."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


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
        return self.role == roles.ADMIN


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:80]


def check_password_rules(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise AccountError("error.password_too_short", min=PASSWORD_MIN)


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
    if role not in roles.ROLES:
        raise AccountError("error.role_invalid")
    if role == roles.AGENCY and agency not in AGENCIES:
        raise AccountError("error.agency_invalid")
    check_password_rules(password)
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise AccountError("error.username_taken")
    user = StaffUser(
        username=username,
        display_name=display_name.strip()[:120],
        password_hash=hash_password(password),
        role=role,
        agency=agency if role == roles.AGENCY else None,
    )
    session.add(user)
    session.flush()
    set_staff_areas(session, user, list(area_ids))
    return user


def set_staff_areas(session: Session, user: StaffUser, area_ids: list[int]) -> None:
    """Attach the officer to areas of the level their role works at."""
    level = roles.ROLE_AREA_LEVEL.get(user.role)
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


def _recent_failures(session: Session, column, value: str, now: datetime) -> int:
    return session.exec(
        select(func.count(SignInAttempt.id)).where(column == value, SignInAttempt.at > now - THROTTLE_WINDOW)
    ).one()


def sign_in(session: Session, username: str, password: str, *, client: str, now: datetime | None = None) -> str:
    """A new session token for valid credentials; AccountError otherwise (throttled after repeated failures)."""
    now = now or utcnow()
    username = normalise_username(username)
    client = (client or "unknown")[:64]
    if (
        _recent_failures(session, SignInAttempt.username, username, now) >= MAX_FAILURES_PER_USERNAME
        or _recent_failures(session, SignInAttempt.client, client, now) >= MAX_FAILURES_PER_CLIENT
    ):
        raise AccountError("error.sign_in_throttled", minutes=int(THROTTLE_WINDOW.total_seconds() // 60))
    user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
        valid = user is not None and user.active
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid:
        session.add(SignInAttempt(username=username, client=client, at=now))
        session.commit()
        raise AccountError("error.sign_in_failed")
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    session.exec(delete(SignInAttempt).where(SignInAttempt.username == username))
    session.exec(delete(StaffSession).where(StaffSession.expires_at < now))
    session.commit()
    return token


def sign_out(session: Session, token: str) -> None:
    if token:
        session.exec(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
        session.commit()


def identity_for(session: Session, token: str, now: datetime | None = None) -> StaffIdentity | None:
    """The officer behind a session token, or None (unknown, expired, or account disabled)."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = session.exec(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    staff_session, user = row
    if staff_session.expires_at <= now or not user.active:
        return None
    return identity_of(session, user)


def identity_of(session: Session, user: StaffUser) -> StaffIdentity:
    areas = session.exec(select(StaffArea.area_id).where(StaffArea.user_id == user.id)).all()
    return StaffIdentity(user.id, user.username, user.display_name, user.role, user.agency, frozenset(areas))


def count_admins(session: Session) -> int:
    return session.exec(select(func.count(StaffUser.id)).where(StaffUser.role == roles.ADMIN, StaffUser.active)).one()
