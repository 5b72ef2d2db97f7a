"""Messages to people on their own channel (WhatsApp, e-mail, SMS), kept in a table until delivered.

A message is written in the same transaction as what it tells, so a rolled-back step sends nothing. After the
commit the deliverer is woken; it claims due messages one by one (a claim is a conditional UPDATE, so two
processes never both take a message), sends, and marks each sent, or due again later with a growing pause
when the provider fails. An outage loses nothing and a message is marked sent once. Only a process killed
between the provider's answer and the mark can send one twice, after the claim's lease runs out.

Followers' e-mails wait here too (channel NOTICE). A moderator's redaction rewrites every unsent message of the
report that quotes the original (`rewrite_unsent`), hiding a report drops its unsent notices (`drop_unsent`): what
was queued before the moderator acted is sent as the moderator left it, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from ..db import after_commit
from ..models import OutboxMessage
from ..models.types import utcnow

PENDING, SENDING, SENT, FAILED, DROPPED = "pending", "sending", "sent", "failed", "dropped"
NOTICE = "notice"  # an e-mail to a follower about a report's public change (not a reply on a channel)
LEASE = timedelta(minutes=2)  # a claim not marked within this is taken up again (its process died)
FIRST_PAUSE = timedelta(seconds=15)
LONGEST_PAUSE = timedelta(hours=1)

_wakers: list[Callable[[], None]] = []


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, as plain values for the sender (no session needed)."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    in_reply_to: str
    attempts: int


def on_enqueue(waker: Callable[[], None]) -> Callable[[], None]:
    """Call `waker` after every commit that queued messages (the in-process deliverer listens); returns the
    function that stops it."""
    _wakers.append(waker)
    return lambda: _wakers.remove(waker)


def _wake() -> None:
    for waker in list(_wakers):
        waker()


def enqueue(
    session: Session,
    channel: str,
    recipient: str,
    body: str,
    *,
    subject: str = "",
    in_reply_to: str = "",
    report_id: int | None = None,
) -> None:
    """Queue a message in the caller's transaction; delivery starts once it commits."""
    session.add(
        OutboxMessage(
            channel=channel,
            recipient=recipient,
            body=body,
            subject=subject[:200],
            in_reply_to=in_reply_to[:200],
            report_id=report_id,
        )
    )
    if not session.info.get("outbox_wake"):
        session.info["outbox_wake"] = True
        after_commit(session, lambda: (session.info.pop("outbox_wake", None), _wake()))


def claim_due(session: Session, now: datetime | None = None, limit: int = 20) -> list[Outgoing]:
    """Take up to `limit` due messages for this process: each is leased until sent or given back."""
    now = now or utcnow()
    due = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_((PENDING, SENDING)), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for row in due:
        taken = session.exec(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row.id,
                OutboxMessage.status == row.status,
                OutboxMessage.attempts == row.attempts,
            )
            .values(status=SENDING, next_attempt_at=now + LEASE, attempts=row.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:
            claimed.append(
                Outgoing(row.id, row.channel, row.recipient, row.subject, row.body, row.in_reply_to, row.attempts + 1)
            )
    return claimed


def mark_sent(session: Session, message_id: int, now: datetime | None = None) -> None:
    session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == SENDING)
        .values(status=SENT, sent_at=now or utcnow(), last_error="")
        .execution_options(synchronize_session=False)
    )


def pause_after(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, … doubling up to an hour."""
    return min(FIRST_PAUSE * (2 ** max(attempts - 1, 0)), LONGEST_PAUSE)


def mark_failed(
    session: Session, message: Outgoing, error: str, max_attempts: int, now: datetime | None = None
) -> None:
    """Due again after a pause, or given up (`failed`, kept for staff) after `max_attempts`."""
    now = now or utcnow()
    done = message.attempts >= max_attempts
    session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == SENDING)
        .values(
            status=FAILED if done else PENDING,
            next_attempt_at=now + pause_after(message.attempts),
            last_error=error[:300],
        )
        .execution_options(synchronize_session=False)
    )


def _unsent(report_id: int):
    return (OutboxMessage.report_id == report_id, OutboxMessage.status.in_((PENDING, SENDING)))


def rewrite_unsent(session: Session, report_id: int, original: str, replacement: str) -> int:
    """Put `replacement` for `original` in every unsent message about the report (body and subject), in the
    caller's transaction; returns how many messages changed."""
    if not original:
        return 0
    subject = OutboxMessage.subject
    statement = (
        update(OutboxMessage)
        .where(*_unsent(report_id), or_(OutboxMessage.body.contains(original), subject.contains(original)))
        .values(
            body=func.replace(OutboxMessage.body, original, replacement),
            subject=func.substr(func.replace(subject, original, replacement), 1, 200),
        )
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def drop_unsent(session: Session, report_id: int, channel: str) -> int:
    """Never send the unsent messages of `channel` about the report (kept, marked dropped); returns how many."""
    statement = (
        update(OutboxMessage)
        .where(*_unsent(report_id), OutboxMessage.channel == channel)
        .values(status=DROPPED, last_error="report hidden by a moderator")
    )
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount
