"""Passwords, session tokens and sign-in throttling, shared by staff and citizen accounts.

Passwords are Argon2id hashes. A session is a random token kept by the browser;
only its SHA-256 is stored, so a leaked database signs nobody in. Failed
sign-ins are counted per (login name, client address) pair and per client address (kept only as a keyed hash),
within limits the settings give (PENGADUAN_SIGN_IN_*). Nobody can lock an account from elsewhere: a pair over its
limit stops only that address guessing that account; failures against an account from many addresses only slow
every attempt on it down (`sign_in_delay`, at most MAX_DELAY_SECONDS), the right password still gets in.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..config import get_settings
from ..errors import Refused
from ..models import SignInAttempt
from ..ops import metrics
from .limits import client_hash

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
