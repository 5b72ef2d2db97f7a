"""Proving a citizen's e-mail address is theirs: a one-time link, mailed, valid for VERIFY_HOURS.

The token is random (256 bits) and only its SHA-256 is stored, so a leaked database verifies nothing. Until the
address is verified the account works (sign in, "Laporan saya", following in the app) but no e-mail is sent to
it. A phone number is never verified: nothing here or in the UI claims it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from ..db import after_commit
from ..errors import Refused
from ..mail.account import send_account_mail
from ..models import AccountMail, Citizen
from ..models.types import utcnow
from .credentials import new_token, token_hash
from .limits import HOUR, next_allowed

VERIFY_HOURS = 24
MAILS_PER_HOUR = 3  # account e-mails to one account per hour: resends, and "you already have an account" notices
VERIFY, EXISTS = "verify", "exists"
# What following a link can come to (the account page words each one).
VERIFIED, EXPIRED, USED, UNKNOWN = "ok", "expired", "used", "unknown"


class VerificationError(Refused):
    """No link was sent; `code` is a translation key."""


def _mail_wait(session: Session, citizen_id: int, now: datetime) -> datetime | None:
    """None while the account may be mailed again; else when it may."""
    mailed = (AccountMail.citizen_id == citizen_id) & AccountMail.email.is_not(None)
    return next_allowed(session, AccountMail.created_at, mailed, limit=MAILS_PER_HOUR, span=HOUR, now=now)


def send_link(session: Session, citizen: Citizen, now: datetime | None = None) -> None:
    """Mail a new verification link to the account's e-mail after commit (refused when the hour's mails are
    spent, or when there is nothing to verify). Earlier links keep working until they expire."""
    now = now or utcnow()
    if not citizen.email or citizen.email_verified_at is not None:
        raise VerificationError("account.verify_nothing")
    wait = _mail_wait(session, citizen.id, now)
    if wait is not None:
        minutes = max(1, int((wait - now).total_seconds() // 60) + 1)
        raise VerificationError("account.resend_limited", minutes=minutes)
    token = new_token()
    session.add(
        AccountMail(
            citizen_id=citizen.id,
            kind=VERIFY,
            email=citizen.email,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + timedelta(hours=VERIFY_HOURS),
        )
    )
    session.flush()
    email = citizen.email
    after_commit(session, lambda: send_account_mail(VERIFY, email, token))


def note_taken_login(session: Session, citizen: Citizen, client_key: str | None, now: datetime) -> None:
    """Someone tried to register `citizen`'s login: counted like a sign-up; an e-mail owner is told (within the
    hour's mails), a phone owner is not (no SMS is sent for this)."""
    mail_to = citizen.email if citizen.email and _mail_wait(session, citizen.id, now) is None else None
    session.add(AccountMail(citizen_id=citizen.id, kind=EXISTS, email=mail_to, client=client_key, created_at=now))
    if mail_to:
        after_commit(session, lambda: send_account_mail(EXISTS, mail_to))


def follow_link(session: Session, token: str, now: datetime | None = None) -> str:
    """Use a link once: VERIFIED (the account's e-mail is now verified), EXPIRED, USED or UNKNOWN."""
    now = now or utcnow()
    if not token or len(token) > 100:
        return UNKNOWN
    row = session.exec(
        select(AccountMail).where(AccountMail.kind == VERIFY, AccountMail.token_hash == token_hash(token))
    ).first()
    if row is None:
        return UNKNOWN
    if row.used_at is not None:
        return USED
    if row.expires_at is None or row.expires_at <= now:
        return EXPIRED
    citizen = session.get(Citizen, row.citizen_id)
    if citizen is None or not citizen.active or citizen.email != row.email:
        return UNKNOWN
    row.used_at = now
    session.add(row)
    if citizen.email_verified_at is None:
        citizen.email_verified_at = now
        session.add(citizen)
    return VERIFIED


def resend_link(session: Session, citizen_id: int, now: datetime | None = None) -> None:
    """The account page's "Kirim ulang": a new link, within the hour's mails (send_link)."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or not citizen.active:
        raise VerificationError("account.verify_nothing")
    send_link(session, citizen, now)
