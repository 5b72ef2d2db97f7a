"""Optional citizen accounts: sign in with an e-mail address or a phone number and a password.

Registering answers the same whether or not the login already has an account (the owner of a taken e-mail is
told by e-mail instead), and signing in fails with one message for a wrong password and an unknown login, so
neither form tells a stranger who has an account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ..config import get_settings
from ..models import AccountMail, Category, Citizen, CitizenSession, Report
from ..models.types import utcnow
from .credentials import (
    CredentialError,
    check_credentials,
    check_password_rules,
    end_session,
    hash_password,
    session_account,
    start_session,
)
from .email_verification import EXISTS, note_taken_login, send_link
from .limits import client_hash
from .public_reports import ReportSummary, summaries_of
from .validation import clean_text, is_valid_contact

SESSION_DAYS = 30
CITIZEN_COOKIE = "pengaduan_warga"


@dataclass(frozen=True)
class CitizenIdentity:
    id: int
    display_name: str
    email: str | None
    email_verified: bool = False

    @property
    def follower_key(self) -> str:
        return f"u:{self.id}"


def normalise_login(login: str) -> str:
    """E-mail in lower case, or the phone number's digits with Indonesia's 0 prefix (+62 812… → 0812…)."""
    login = clean_text(login or "")
    if "@" in login:
        return login.lower()
    digits = re.sub(r"[^0-9+]", "", login)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def _check_signup_limits(session: Session, client_key: str | None, now: datetime) -> None:
    """At most so many sign-ups per address and in all per hour (PENGADUAN_SIGNUP_LIMIT_*). A sign-up on a taken
    login counts as one too, so the limit falls at the same point whichever logins are tried."""
    settings = get_settings()
    since = now - timedelta(hours=1)
    accounts = select(func.count(Citizen.id)).where(Citizen.created_at > since)
    attempts = select(func.count(AccountMail.id)).where(AccountMail.kind == EXISTS, AccountMail.created_at > since)

    def count(address: str | None = None) -> int:
        if address is None:
            return session.exec(accounts).one() + session.exec(attempts).one()
        return (
            session.exec(accounts.where(Citizen.signup_client == address)).one()
            + session.exec(attempts.where(AccountMail.client == address)).one()
        )

    if (
        client_key is not None and count(client_key) >= settings.signup_limit_per_address_hour
    ) or count() >= settings.signup_limit_per_hour:
        raise CredentialError("error.signup_limited")


def register(
    session: Session,
    *,
    login: str,
    password: str,
    display_name: str = "",
    client: str = "",
    now: datetime | None = None,
) -> Citizen | None:
    """A new account, or None when the login is taken: the caller answers both alike (its owner is told by e-mail
    when it is an address). A new e-mail address is sent its verification link after commit. `client` (the
    address, kept only as a keyed hash) counts against the sign-up limits. Blocking (Argon2): call it in a thread.
    """
    now = now or utcnow()
    raw = clean_text(login or "")
    if not is_valid_contact(raw):
        raise CredentialError("error.contact_invalid")
    check_password_rules(password)
    client_key = client_hash(client, get_settings().ip_hash_key) if client else None
    _check_signup_limits(session, client_key, now)
    normalised = normalise_login(raw)
    password_hash = hash_password(password)  # also for a taken login: both answers take the same time
    taken = session.exec(select(Citizen).where(Citizen.login == normalised)).first()
    if taken is not None:
        note_taken_login(session, taken, client_key, now)
        return None
    citizen = Citizen(
        login=normalised,
        display_name=clean_text(display_name)[:80],
        email=normalised if "@" in normalised else None,
        password_hash=password_hash,
        signup_client=client_key,
        created_at=now,
    )
    session.add(citizen)
    session.flush()
    if citizen.email:
        send_link(session, citizen, now)
    return citizen


def sign_in_citizen(session: Session, login: str, password: str, *, client: str, now: datetime | None = None) -> str:
    now = now or utcnow()
    normalised = normalise_login(login)
    citizen = session.exec(select(Citizen).where(Citizen.login == normalised)).first()
    active_hash = citizen.password_hash if citizen is not None and citizen.active else None
    check_credentials(session, f"warga:{normalised}", active_hash, password, client=client, now=now)
    return start_session(session, CitizenSession, {"citizen_id": citizen.id}, timedelta(days=SESSION_DAYS), now)


def sign_out_citizen(session: Session, token: str) -> None:
    end_session(session, CitizenSession, token)


def citizen_for(session: Session, token: str, now: datetime | None = None) -> CitizenIdentity | None:
    citizen = session_account(session, CitizenSession, Citizen, CitizenSession.citizen_id, token, now or utcnow())
    if citizen is None:
        return None
    verified = citizen.email is not None and citizen.email_verified_at is not None
    return CitizenIdentity(citizen.id, citizen.display_name or citizen.login, citizen.email, verified)


def my_reports(session: Session, citizen: CitizenIdentity, limit: int = 50) -> list[ReportSummary]:
    """The citizen's own reports, confidential ones included (they are theirs), newest first."""
    rows = session.exec(
        select(Report, Category)
        .join(Category, Category.id == Report.category_id)
        .where(Report.citizen_id == citizen.id, ~Report.hidden)
        .order_by(Report.created_at.desc())
        .limit(limit)
    ).all()
    return summaries_of(session, rows)
