"""Open311 API keys: admins create, list and revoke them; the API checks them on every POST.

A key reads `pgd_<prefix>_<secret>`. The prefix finds the row (and names the key
in the admin list); the stored SHA-256 of the whole key is compared in constant
time. A fast hash is enough because the secret is 256 random bits, not a password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ..errors import Refused
from ..models import ApiKey, StaffUser
from ..models.types import utcnow
from .accounts import StaffIdentity
from .audit import record
from .permissions import require_admin
from .validation import clean_text

NAME_MAX = 80
_KEY = re.compile(r"^pgd_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$")
# last_used_at is a hint for admins, not a log: write it at most this often per key.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiKeyError(Refused):
    """A refused key operation; `code` is a translation key."""


@dataclass(frozen=True)
class NewKey:
    id: int
    name: str
    key: str  # the only time the whole key exists outside the client


@dataclass(frozen=True)
class KeyRow:
    id: int
    name: str
    prefix: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class KeyHolder:
    """The client a valid key belongs to."""

    id: int
    name: str
    last_used_at: datetime | None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(session: Session, identity: StaffIdentity | None, name: str) -> NewKey:
    actor = require_admin(identity)
    name = clean_text(name or "")
    if not name:
        raise ApiKeyError("error.api_key_name_required")
    if len(name) > NAME_MAX:
        raise ApiKeyError("error.api_key_name_too_long", max=NAME_MAX)
    prefix = secrets.token_hex(4)
    while session.exec(select(ApiKey.id).where(ApiKey.prefix == prefix)).first() is not None:
        prefix = secrets.token_hex(4)
    key = f"pgd_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name, prefix=prefix, key_hash=_hash(key), created_by=actor.id, created_at=utcnow())
    session.add(row)
    session.flush()
    record(session, actor, "api_key_create", name=name, prefix=prefix)
    return NewKey(row.id, name, key)


def list_api_keys(session: Session, identity: StaffIdentity | None) -> list[KeyRow]:
    """Newest first, revoked ones too (they explain old reports)."""
    require_admin(identity)
    rows = session.exec(
        select(ApiKey, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == ApiKey.created_by, isouter=True)
        .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    ).all()
    return [
        KeyRow(k.id, k.name, k.prefix, creator or "", k.created_at, k.revoked_at, k.last_used_at) for k, creator in rows
    ]


def revoke_api_key(session: Session, identity: StaffIdentity | None, key_id: int) -> None:
    """Revoke at once: the next request with this key is refused. Revoking twice changes nothing."""
    actor = require_admin(identity)
    row = session.get(ApiKey, key_id) if isinstance(key_id, int) else None
    if row is None:
        raise ApiKeyError("error.api_key_unknown")
    if row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    session.add(row)
    record(session, actor, "api_key_revoke", name=row.name, prefix=row.prefix)


def authenticate(session: Session, presented: str) -> KeyHolder | None:
    """The holder of a valid, unrevoked key, or None."""
    match = _KEY.match(presented or "")
    if match is None:
        return None
    row = session.exec(select(ApiKey).where(ApiKey.prefix == match.group(1))).first()
    if row is None or not hmac.compare_digest(row.key_hash, _hash(presented)) or row.revoked_at is not None:
        return None
    return KeyHolder(row.id, row.name, row.last_used_at)


def note_use(session: Session, holder: KeyHolder, now: datetime | None = None) -> None:
    """Record that the key was used (at most once per LAST_USED_RESOLUTION). The caller commits."""
    now = now or utcnow()
    if holder.last_used_at is None or now - holder.last_used_at >= LAST_USED_RESOLUTION:
        session.exec(update(ApiKey).where(ApiKey.id == holder.id).values(last_used_at=now))
