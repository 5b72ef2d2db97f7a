"""Two-factor sign-in for staff: a TOTP secret per officer (RFC 6238, `pyotp`), enrolled by scanning a QR code
(`segno`), and ten one-time recovery codes for a lost phone.

Required for admins and moderators (`REQUIRED_ROLES`), optional for other officers. The secret is stored
encrypted (Fernet, with a key derived from the server's secret `PENGADUAN_IP_HASH_KEY`) and reaches a browser
only while enrolling. Each accepted code moves `totp_last_step` forward, so a code (or an older one) is good
once. Recovery codes are random, stored as SHA-256, each spent on use.

Between the password and the code the browser holds only a short-lived signed pending state
(`pending_token`): which account, which step, when; the session is issued after the code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete
from sqlmodel import Session, select

from ..config import get_settings
from ..models import StaffRecoveryCode, StaffSession, StaffUser
from ..models.types import utcnow
from . import permissions
from .credentials import CredentialError

REQUIRED_ROLES = frozenset({permissions.ADMIN, permissions.MODERATOR})
ISSUER = "Pengaduan"
RECOVERY_CODES = 10
PENDING_SECONDS = 300
PENDING_COOKIE = "pengaduan_staff_pending"
STEP_CODE = "code"  # the account has a second factor: ask for it
STEP_ENROL = "enrol"  # the account must enrol one before it gets a session


class TwoFactorError(CredentialError):
    """A refused enrolment or code; `code` is a translation key."""


def _audit(session: Session, action: str, user: StaffUser, *, by_them: bool = True) -> None:
    """An audit entry about the account, done by its officer (or by the server's operator: the CLI)."""
    from .accounts import identity_of  # here: accounts.py (and audit.py through it) need this module
    from .audit import record

    record(session, identity_of(session, user) if by_them else None, action, username=user.username)


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"pengaduan-2fa-{purpose}:{get_settings().ip_hash_key}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key("secret")))


def required_for(user: StaffUser) -> bool:
    return user.role in REQUIRED_ROLES


def enabled(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def second_step(user: StaffUser) -> str | None:
    """What the account needs after its password: STEP_CODE, STEP_ENROL, or None (a session at once)."""
    if enabled(user):
        return STEP_CODE
    return STEP_ENROL if required_for(user) else None


def _secret(user: StaffUser) -> str:
    try:
        return _fernet().decrypt((user.totp_secret or "").encode()).decode()
    except InvalidToken as err:
        raise TwoFactorError("error.two_factor_unreadable") from err


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows, once: the secret (grouped for typing), its QR code as an SVG data URI."""

    secret: str
    uri: str
    qr_svg: str


def start_enrolment(session: Session, user: StaffUser) -> Enrolment:
    """A secret for an account that has no enabled second factor (kept while enrolling, so a reload shows the
    same QR); refused once enabled: the secret never leaves the server again."""
    if enabled(user):
        raise TwoFactorError("error.two_factor_already")
    if not user.totp_secret:
        user.totp_secret = _fernet().encrypt(pyotp.random_base32().encode()).decode()
        session.add(user)
        session.flush()
    secret = _secret(user)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2)
    svg = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
    return Enrolment(" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)), uri, svg)


def enable_known_secret(session: Session, user: StaffUser, secret: str) -> None:
    """Give an account a fixed, enabled secret: for demo accounts only (their passwords are public too)."""
    user.totp_secret = _fernet().encrypt(secret.encode()).decode()
    user.totp_enabled_at = utcnow()
    session.add(user)
    session.flush()


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())[:40]


def _accept_totp(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    """Whether `code` is the TOTP of the current step or one step either side (a phone's clock drifts), later
    than the last accepted one; the step is then remembered."""
    if not user.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(_secret(user))
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step > (user.totp_last_step or -1) and hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            session.add(user)
            return True
    return False


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(code.lower().replace("-", "").encode()).hexdigest()


def _spend_recovery(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    row = session.exec(
        select(StaffRecoveryCode).where(
            StaffRecoveryCode.user_id == user.id,
            StaffRecoveryCode.code_hash == _recovery_hash(code),
            StaffRecoveryCode.used_at.is_(None),
        )
    ).first()
    if row is None:
        return False
    row.used_at = now
    session.add(row)
    _audit(session, "recovery_code_used", user)
    return True


def verify(session: Session, user: StaffUser, code: str, *, now: datetime | None = None) -> bool:
    """Whether `code` (a TOTP code or an unused recovery code) is good for the enabled account; spends it."""
    now = now or utcnow()
    code = _digits(code)
    return enabled(user) and (_accept_totp(session, user, code, now) or _spend_recovery(session, user, code, now))


def confirm_enrolment(session: Session, user: StaffUser, code: str, *, now: datetime | None = None) -> None:
    """Enable the second factor once the officer typed a code from the freshly scanned secret."""
    now = now or utcnow()
    if enabled(user):
        raise TwoFactorError("error.two_factor_already")
    if not _accept_totp(session, user, _digits(code), now):
        raise TwoFactorError("error.two_factor_code_wrong")
    user.totp_enabled_at = now
    session.add(user)
    session.flush()
    _audit(session, "two_factor_enrol", user)


def new_recovery_codes(session: Session, user: StaffUser) -> list[str]:
    """Ten fresh one-time codes (the old ones stop working): shown once, only their hashes kept."""
    if not enabled(user):
        raise TwoFactorError("error.two_factor_not_enabled")
    session.exec(delete(StaffRecoveryCode).where(StaffRecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(5)).decode().lower()
        codes.append(f"{raw[:4]}-{raw[4:]}")
        session.add(StaffRecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    session.flush()
    _audit(session, "recovery_codes_new", user)
    return codes


def has_recovery_codes(session: Session, user: StaffUser) -> bool:
    return session.exec(select(StaffRecoveryCode.id).where(StaffRecoveryCode.user_id == user.id)).first() is not None


def reset(session: Session, user: StaffUser) -> None:
    """Forget the account's second factor and recovery codes and end its sessions (a lost phone): an admin or
    moderator enrolls again at the next sign-in."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.add(user)
    session.exec(delete(StaffRecoveryCode).where(StaffRecoveryCode.user_id == user.id))
    session.exec(delete(StaffSession).where(StaffSession.user_id == user.id))
    session.flush()
    _audit(session, "two_factor_reset", user, by_them=False)


def _signature(payload: str, user: StaffUser) -> str:
    # The password hash takes part: a new password voids every pending state of the old one.
    message = f"{payload}|{user.password_hash}".encode()
    return hmac.new(_key("pending"), message, hashlib.sha256).hexdigest()[:32]


def pending_token(user: StaffUser, step: str, *, now: float | None = None) -> str:
    """The signed pending state the browser keeps between the password and the second factor."""
    payload = f"{user.id}.{int(now if now is not None else time.time())}.{step}"
    return f"{payload}.{_signature(payload, user)}"


def pending_user(session: Session, token: str, step: str, *, now: float | None = None) -> StaffUser | None:
    """The active account a pending state names for `step`, or None (forged, expired, other step)."""
    parts = (token or "")[:120].split(".")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit() or parts[2] != step:
        return None
    age = (now if now is not None else time.time()) - int(parts[1])
    if not 0 <= age <= PENDING_SECONDS:
        return None
    user = session.get(StaffUser, int(parts[0]))
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(parts[3], _signature(".".join(parts[:3]), user)) else None
