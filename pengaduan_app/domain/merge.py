"""A duplicate report's supporters move to the original, counted once each."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from ..models import Report, Support


def move_supporters(session: Session, duplicate: Report, original: Report) -> int:
    """Move supports in SQL (no read-then-write); both counters are recomputed from the rows. Returns how many moved."""
    already = select(Support.supporter_key).where(Support.report_id == original.id).scalar_subquery()
    moved = session.exec(
        update(Support)
        .where(Support.report_id == duplicate.id, Support.supporter_key.not_in(already))
        .values(report_id=original.id)
    ).rowcount
    session.exec(delete(Support).where(Support.report_id == duplicate.id))
    for report in (duplicate, original):
        count = select(func.count(Support.id)).where(Support.report_id == report.id).scalar_subquery()
        session.exec(update(Report).where(Report.id == report.id).values(support_count=count))
    session.flush()
    session.refresh(duplicate)
    session.refresh(original)
    return moved
