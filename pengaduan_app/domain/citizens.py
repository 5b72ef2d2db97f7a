"""Optional citizen accounts: sign in with an e-mail address or a phone number and a password, prove the
e-mail address, and take over what the browser did before.

Registering answers the same whether or not the login already has an account (the owner of a taken e-mail is
told by e-mail instead), and signing in fails with one message for a wrong password and an unknown login, so
neither form tells a stranger who has an account.

An e-mail address is proved by a one-time link, mailed, valid for VERIFY_HOURS. The token is random (256 bits)
and only its SHA-256 is stored, so a leaked database verifies nothing. Until the address is verified the account
works (sign in, "Laporan saya", following in the app) but no e-mail is sent to it. A phone number is never
verified: nothing here or in the UI claims it is.

When a person signs in or creates an account, what their browser did becomes the account's (`claim_browser`):
reports filed from the browser (found by the browser's submitter hash) get the account as their reporter, so
"Laporan saya" lists them at once; the browser's follows and their notifications move to the account; its
supports move too, and a report both had supported keeps one support (its count goes down by one), so nothing
ever counts twice. Runs in the caller's transaction (the sign-in's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from ..config import get_settings
from ..db import after_commit
from ..errors import Refused
from ..mail.account import send_account_mail
from ..models import AccountMail, Citizen, CitizenSession, Follow, Notification, Report, Support
from ..models.types import utcnow
from .credentials import (
    CredentialError,
    check_credentials,
    check_password_rules,
    end_session,
    hash_password,
    new_token,
    session_account,
    start_session,
    token_hash,
)
from .limits import HOUR, client_hash, next_allowed
from .public_reports import ReportSummary, summaries_from, summary_select
from .support import bump_support_count
from .validation import clean_text, is_valid_contact

# The e-mail link.
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


# Citizen accounts: register, sign in and out, their reports.
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
        summary_select()
        .where(Report.citizen_id == citizen.id, ~Report.hidden)
        .order_by(Report.created_at.desc())
        .limit(limit)
    ).all()
    return summaries_from(rows)


# What the browser did becomes the account's.
@dataclass(frozen=True)
class Claimed:
    reports: int
    follows: int
    supports: int


def claim_browser(
    session: Session, *, account_key: str, browser_key: str, submitter_hash: str | None, citizen_id: int
) -> Claimed:
    """Move the browser's (`browser_key`, `v:<id>`) reports, follows and supports to the account (`u:<id>`)."""
    reports = 0
    if submitter_hash:
        reports = session.execute(
            update(Report)
            .where(Report.submitter_hash == submitter_hash, Report.citizen_id.is_(None))
            .values(citizen_id=citizen_id),
            execution_options={"synchronize_session": False},
        ).rowcount
    follows = _move(session, Follow, Follow.follower_key, Follow.report_id, browser_key, account_key)
    # Reports both followed: the account already got each of their notifications.
    followed_twice = _left(session, Follow.report_id, Follow.follower_key, browser_key)
    session.execute(
        delete(Notification).where(
            Notification.follower_key == browser_key, Notification.report_id.in_(followed_twice or [-1])
        )
    )
    session.execute(
        update(Notification).where(Notification.follower_key == browser_key).values(follower_key=account_key),
        execution_options={"synchronize_session": False},
    )
    session.execute(delete(Follow).where(Follow.follower_key == browser_key))
    supports = _move(session, Support, Support.supporter_key, Support.report_id, browser_key, account_key)
    counted = select(Support.report_id).where(Support.supporter_key == browser_key, Support.discounted.is_(False))
    for report_id in session.exec(counted).all():
        bump_support_count(session, report_id, -1)  # supported from both: one support stays
    session.execute(delete(Support).where(Support.supporter_key == browser_key))
    session.flush()
    return Claimed(reports, follows, supports)


def _left(session: Session, report_column, key_column, key: str) -> list[int]:
    return list(session.exec(select(report_column).where(key_column == key)).all())


def _move(session: Session, table, key_column, report_column, old: str, new: str) -> int:
    """Re-key `old`'s rows to `new` where `new` has none for that report yet; the others stay with `old`."""
    taken = select(report_column).where(key_column == new).scalar_subquery()
    return session.execute(
        update(table).where(key_column == old, report_column.not_in(taken)).values({key_column.key: new}),
        execution_options={"synchronize_session": False},
    ).rowcount
