"""Rate limits, counted in the database so that they hold across every worker and server sharing it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..models import ApiKeyUse


def api_request_wait(session: Session, api_key_id: int, per_minute: int, now: datetime) -> int:
    """Count one request by the key in the current minute: 0 when it is within `per_minute`, else the seconds
    until the next minute starts. The count is one atomic increment, so simultaneous requests on several
    workers never read the same total."""
    minute = int(now.timestamp() // 60)
    bump = (
        update(ApiKeyUse)
        .where(ApiKeyUse.api_key_id == api_key_id, ApiKeyUse.minute == minute)
        .values(count=ApiKeyUse.count + 1)
        .returning(ApiKeyUse.count)
    )
    count = session.execute(bump).scalar_one_or_none()
    if count is None:
        try:
            with session.begin_nested():
                session.execute(insert(ApiKeyUse).values(api_key_id=api_key_id, minute=minute, count=1))
            count = 1
        except IntegrityError:  # another worker counted this minute's first request
            count = session.execute(bump).scalar_one()
        session.execute(delete(ApiKeyUse).where(ApiKeyUse.api_key_id == api_key_id, ApiKeyUse.minute < minute))
    if count <= per_minute:
        return 0
    return max(1, 60 - int(now.timestamp()) % 60)
