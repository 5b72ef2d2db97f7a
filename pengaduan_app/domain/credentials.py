"""Signing in: passwords, session tokens and throttling (staff and citizens), the staff's second factor, and
where a signed-in officer may be sent afterwards.

Passwords are Argon2id hashes. A session is a random token kept by the browser;
only its SHA-256 is stored, so a leaked database signs nobody in. Failed
sign-ins are counted per (login name, client address) pair and per client address (kept only as a keyed hash),
within limits the settings give (PENGADUAN_SIGN_IN_*). Nobody can lock an account from elsewhere: a pair over its
limit stops only that address guessing that account; failures against an account from many addresses only slow
every attempt on it down (`sign_in_delay`, at most MAX_DELAY_SECONDS), the right password still gets in.

Two-factor sign-in for staff: a TOTP secret per officer (RFC 6238, `pyotp`), enrolled by scanning a QR code
(`segno`), and ten one-time recovery codes for a lost phone. Required for admins and moderators
(`REQUIRED_ROLES`), optional for other officers. The secret is stored encrypted (Fernet, with a key derived from
the server's secret `PENGADUAN_IP_HASH_KEY`) and reaches a browser only while enrolling. Each accepted code moves
`totp_last_step` forward, so a code (or an older one) is good once. Recovery codes are random, stored as SHA-256,
each spent on use. Between the password and the code the browser holds only a short-lived signed pending state
(`pending_token`): which account, which step, when; the session is issued after the code.

After signing in an officer is sent only back into the staff area (`safe_next`), never to an outside address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..config import get_settings
from ..errors import Refused
from ..models import SignInAttempt, StaffRecoveryCode, StaffSession, StaffUser
from ..models.types import utcnow
from ..ops import metrics
from . import permissions
from .limits import client_hash

# Passwords, session tokens and sign-in throttling.
PASSWORD_MIN = 10
MAX_DELAY_SECONDS = 8.0

# Argon2id with the library's recommended costs; "low" is for test suites only (PENGADUAN_PASSWORD_HASH_COST).
_COSTS = {"default": {}, "low": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}}
_hasher = PasswordHasher(**_COSTS.get(os.environ.get("PENGADUAN_PASSWORD_HASH_COST", "default"), {}))
# Verified against when the login is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("pengaduan-no-such-account")


class CredentialError(Refused):
    """A refused sign-in or password; `code` is a translation key."""


class SignInFailed(CredentialError):
    """Wrong login or password: the failed attempt it wrote is kept (it counts towards the throttle)."""

    recorded = True


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise CredentialError("error.password_too_short", min=PASSWORD_MIN)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _recent_failures(session: Session, since: datetime, *conditions) -> int:
    return session.exec(select(func.count(SignInAttempt.id)).where(*conditions, SignInAttempt.at > since)).one()


def sign_in_delay(session: Session, login: str, now: datetime) -> float:
    """Seconds to wait before checking a password for `login`: 0 until the account's failures from all addresses
    pass the per-account limit, then doubling with each further failure, up to MAX_DELAY_SECONDS."""
    settings = get_settings()
    since = now - timedelta(minutes=settings.sign_in_window_minutes)
    over = _recent_failures(session, since, SignInAttempt.username == login) - settings.sign_in_failures_per_account
    return 0.0 if over < 0 else min(MAX_DELAY_SECONDS, 0.5 * 2.0**over)


def clear_failures(session: Session, login: str) -> int:
    """Forget an account's failed sign-ins (the `unlock` command); returns how many there were."""
    return session.exec(delete(SignInAttempt).where(SignInAttempt.username == login)).rowcount


def check_credentials(
    session: Session,
    login: str,
    password_hash: str | None,
    password: str,
    *,
    client: str,
    now: datetime,
    forget: bool = True,
) -> None:
    """Raise CredentialError unless `password` matches (None: unknown or disabled account); failures are counted.

    `login` names the account kind too (e.g. `staff:admin`), so staff and citizens are throttled apart.
    `forget=False` when a second factor follows: only a good code forgets the failures.
    """

    def matches() -> bool:
        try:
            _hasher.verify(password_hash or _DUMMY_HASH, password or "")
            return password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    check_counted(session, login, matches, client=client, now=now, forget=forget)


def check_counted(
    session: Session,
    login: str,
    check: Callable[[], bool],
    *,
    client: str,
    now: datetime,
    refusal: str = "error.sign_in_failed",
    forget: bool = True,
) -> None:
    """Run `check()` (a password, a second-factor code) within the sign-in limits: refused while the (login,
    address) pair or the address is over its limit; a False answer is counted as a failure and raises
    SignInFailed(`refusal`); a True one forgets the pair's failures (unless `forget` is False)."""
    settings = get_settings()
    client = client_hash(client or "unknown", settings.ip_hash_key)
    since = now - timedelta(minutes=settings.sign_in_window_minutes)
    pair = (SignInAttempt.username == login[:80], SignInAttempt.client == client)
    if (
        _recent_failures(session, since, *pair) >= settings.sign_in_failures_per_account
        or _recent_failures(session, since, SignInAttempt.client == client) >= settings.sign_in_failures_per_address
    ):
        metrics.rate_limited("sign_in")
        raise CredentialError("error.sign_in_throttled", minutes=settings.sign_in_window_minutes)
    if not check():
        session.add(SignInAttempt(username=login[:80], client=client, at=now))
        raise SignInFailed(refusal)
    if forget:
        session.exec(delete(SignInAttempt).where(*pair))


def start_session(session: Session, table, owner: dict, lifetime: timedelta, now: datetime) -> str:
    """Store a new session row (`owner` names its account column) and return its token; drops expired rows."""
    token = new_token()
    session.add(table(token_hash=token_hash(token), expires_at=now + lifetime, **owner))
    session.exec(delete(table).where(table.expires_at < now))
    return token


def end_session(session: Session, table, token: str) -> None:
    if token:
        session.exec(delete(table).where(table.token_hash == token_hash(token)))


def session_account(session: Session, table, account_table, owner_column, token: str, now: datetime):
    """The active account behind a token, or None (unknown, expired, or account disabled)."""
    if not token or len(token) > 100:
        return None
    row = session.exec(
        select(table, account_table)
        .join(account_table, account_table.id == owner_column)
        .where(table.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    stored, account = row
    return account if stored.expires_at > now and account.active else None


# Where a signed-in officer may be sent next.
SIGN_IN_PAGE = "/staf/masuk"
CODE_PAGE = "/staf/masuk/kode"  # the second factor of a sign-in
ENROL_PAGE = "/staf/dua-langkah"  # enrolling a phone for two-factor sign-in
RECOVERY_PAGE = "/staf/dua-langkah/pemulihan"  # one-time recovery codes, shown once


def safe_next(path: str) -> str:
    path = str(path or "")
    signing_in = path in (SIGN_IN_PAGE, CODE_PAGE, ENROL_PAGE)
    if path.startswith("/staf") and not path.startswith("//") and "\\" not in path and not signing_in:
        return path
    return "/staf"


# Two-factor sign-in for staff: TOTP, recovery codes, the pending state.
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
