"""Rate limits, counted in the database so that they hold across every worker and server sharing it.

Counted identities are keyed hashes (`client_hash`), never addresses. Supports and flags count their own rows
over a sliding window (`next_allowed`), sign-in failures with `count_since`; new reports have the rules below;
the Open311 API counts each key's requests per minute (`api_request_wait`), the place search each address's
(`address_request_wait`).

New reports: how many new reports one person and one network address may file per hour and per day.

A person is the submitting browser (its random visitor id) and, when signed in,
the citizen account too: clearing cookies does not reset an account's count,
and signing out does not reset the browser's. An address is the client's IP.
Both are stored on the report only as keyed hashes, and counted from the
report table, so the limits hold across every server process.

Reports without a submitter (the kecamatan desk, where an officer files for
walk-in citizens; seeding; imports) are neither limited nor counted.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from ..config import Settings
from ..models import AddressUse, ApiKeyUse, Report


def client_hash(address: str, key: str) -> str:
    """A keyed hash of the client's address (or of another identifier): enough to count, not to recover it."""
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def next_allowed(
    session: Session, created, condition, *, limit: int, span: timedelta, now: datetime
) -> datetime | None:
    """None while fewer than `limit` rows matching `condition` have `created` in the `span` before `now`;
    otherwise the moment the oldest of the newest `limit` of them leaves the window (one more fits then).
    A `limit` of 0 or less means no limit."""
    if limit <= 0:
        return None
    oldest_counted = session.exec(
        select(created).where(condition, created > now - span).order_by(created.desc()).offset(limit - 1).limit(1)
    ).first()
    return None if oldest_counted is None else oldest_counted + span


def count_since(session: Session, created, condition, since: datetime) -> int:
    """How many rows matching `condition` have `created` after `since`."""
    return session.exec(select(func.count()).where(condition, created > since)).one()


def _count_in_minute(session: Session, model, keys: dict, minute: int) -> int:
    """One more request for the row of `model` with these `keys` in `minute`; the new count. One atomic
    increment, so simultaneous requests on several workers never read the same total. A minute's first request
    drops the earlier minutes (only the current one is ever read)."""
    match = [getattr(model, name) == value for name, value in keys.items()]
    bump = update(model).where(*match, model.minute == minute).values(count=model.count + 1).returning(model.count)
    count = session.execute(bump).scalar_one_or_none()
    if count is None:
        try:
            with session.begin_nested():
                session.execute(insert(model).values(**keys, minute=minute, count=1))
            count = 1
        except IntegrityError:  # another worker counted this minute's first request
            count = session.execute(bump).scalar_one()
        session.execute(delete(model).where(model.minute < minute))
    return count


def _wait(count: int, per_minute: int, now: datetime) -> int:
    """0 when `count` is within `per_minute`, else the seconds until the next minute starts."""
    if count <= per_minute:
        return 0
    return max(1, 60 - int(now.timestamp()) % 60)


def api_request_wait(session: Session, api_key_id: int, per_minute: int, now: datetime) -> int:
    """Count one request by the key in the current minute: 0 when it is within `per_minute`, else the seconds
    until the next minute starts."""
    minute = int(now.timestamp() // 60)
    return _wait(_count_in_minute(session, ApiKeyUse, {"api_key_id": api_key_id}, minute), per_minute, now)


def address_request_wait(session: Session, scope: str, address_hash: str, per_minute: int, now: datetime) -> int:
    """Count one request from an address (its keyed hash) to the endpoint `scope` in the current minute: 0 when
    it is within `per_minute` (0 or less: no limit, nothing counted), else the seconds until the next minute."""
    if per_minute <= 0:
        return 0
    minute = int(now.timestamp() // 60)
    keys = {"scope": scope, "address_hash": address_hash}
    return _wait(_count_in_minute(session, AddressUse, keys, minute), per_minute, now)


HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Submitter:
    """Who files a report, as the limits count them: keyed hashes only."""

    person_hash: str | None = None  # the browser's
    address_hash: str | None = None


def submitter(settings: Settings, *, person_key: str = "", address: str = "") -> Submitter:
    """The Submitter of a browser (`person_key`, e.g. a visitor key) at a client address; either may be unknown."""
    return Submitter(
        person_hash=client_hash(person_key, settings.ip_hash_key) if person_key else None,
        address_hash=client_hash(address, settings.ip_hash_key) if address else None,
    )


@dataclass(frozen=True)
class LimitHit:
    code: str  # translation key of the message
    limit: int
    window: timedelta
    retry_at: datetime  # when one more report will be accepted


@dataclass(frozen=True)
class _Rule:
    code: str
    setting: str
    window: timedelta
    scope: str  # "person" or "address"


_RULES = (
    _Rule("limits.person_hour", "report_limit_per_person_hour", HOUR, "person"),
    _Rule("limits.person_day", "report_limit_per_person_day", DAY, "person"),
    _Rule("limits.address_hour", "report_limit_per_address_hour", HOUR, "address"),
    _Rule("limits.address_day", "report_limit_per_address_day", DAY, "address"),
)


def _conditions(who: Submitter, citizen_id: int | None) -> dict[str, object]:
    person = [Report.submitter_hash == who.person_hash] if who.person_hash else []
    if citizen_id is not None:
        person.append(Report.citizen_id == citizen_id)
    conditions = {"person": or_(*person)} if person else {}
    if who.address_hash:
        conditions["address"] = Report.client_hash == who.address_hash
    return conditions


def serialise(session: Session, *keys: str) -> None:
    """On PostgreSQL, one transaction at a time per key until it ends, so that simultaneous requests cannot all
    count the same total. (SQLite's BEGIN IMMEDIATE already does this.)"""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(keys):  # always the same order: two transactions never wait on each other crosswise
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})


def _serialise(session: Session, who: Submitter, citizen_id: int | None) -> None:
    """One submission at a time per person and address."""
    keys = [
        f"report-limit:{kind}:{value}"
        for kind, value in (("p", who.person_hash), ("c", citizen_id), ("a", who.address_hash))
        if value is not None
    ]
    serialise(session, *keys)


def limit_hit(
    session: Session, who: Submitter, citizen_id: int | None, settings: Settings, now: datetime
) -> LimitHit | None:
    """The limit a new report by `who` (signed in as `citizen_id`, if any) would exceed, or None.

    When several would, the one that lasts longest. Call it inside the transaction that stores the report.
    """
    conditions = _conditions(who, citizen_id)
    if not conditions:
        return None
    _serialise(session, who, citizen_id)
    hits = []
    for rule in _RULES:
        if rule.scope not in conditions:
            continue
        limit = getattr(settings, rule.setting)
        retry_at = next_allowed(
            session, Report.created_at, conditions[rule.scope], limit=limit, span=rule.window, now=now
        )
        if retry_at is not None:
            hits.append(LimitHit(rule.code, limit, rule.window, retry_at))
    return max(hits, key=lambda hit: hit.retry_at, default=None)
