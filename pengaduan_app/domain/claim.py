"""When a person signs in or creates an account, what their browser did becomes the account's.

Reports filed from the browser (found by the browser's submitter hash) get the
account as their reporter, so "Laporan saya" lists them at once; the browser's
follows and their notifications move to the account; its supports move too,
and a report both had supported keeps one support (its count goes down by one),
so nothing ever counts twice. Runs in the caller's transaction (the sign-in's).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, select

from ..models import Follow, Notification, Report, Support
from .support import bump_support_count


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
