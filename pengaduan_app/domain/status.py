"""Report statuses, the public ladder shown to citizens, and the transition table.

Internal statuses are what staff work with; the public sees five words with
Qlue's colours (red waiting, yellow in progress, green done) plus rejected and
reopened. Every change of status goes through `transition`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Refused

NEW = "new"
VERIFIED = "verified"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
RESOLVED = "resolved"
CLOSED = "closed"
REJECTED = "rejected"
REOPENED = "reopened"

STATUSES = (NEW, VERIFIED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, REOPENED)
# Not finished: the SLA clock still runs.
OPEN_STATUSES = (NEW, VERIFIED, ASSIGNED, IN_PROGRESS, REOPENED)


@dataclass(frozen=True)
class PublicStatus:
    code: str
    color: str
    text_color: str
    icon: str


WAITING = PublicStatus("waiting", "#dc2626", "#ffffff", "clock")
WORKING = PublicStatus("in_progress", "#facc15", "#1f2937", "wrench")
DONE = PublicStatus("done", "#15803d", "#ffffff", "circle-check")
DECLINED = PublicStatus("rejected", "#4b5563", "#ffffff", "circle-x")
AGAIN = PublicStatus("reopened", "#9333ea", "#ffffff", "rotate-ccw")

PUBLIC_STATUSES = (WAITING, WORKING, DONE, DECLINED, AGAIN)

_PUBLIC_OF = {
    NEW: WAITING,
    VERIFIED: WAITING,
    ASSIGNED: WORKING,
    IN_PROGRESS: WORKING,
    RESOLVED: DONE,
    CLOSED: DONE,
    REJECTED: DECLINED,
    REOPENED: AGAIN,
}


def public_status(status: str) -> PublicStatus:
    return _PUBLIC_OF[status]


def internal_statuses_for(public_code: str) -> list[str]:
    """The internal statuses a public filter word stands for."""
    return [s for s, p in _PUBLIC_OF.items() if p.code == public_code]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the action is allowed from `sources` and keeps the status


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("verify", frozenset({NEW, REOPENED}), VERIFIED),
        Transition("reject", frozenset({NEW, VERIFIED, REOPENED}), REJECTED),
        Transition("assign", frozenset({VERIFIED, ASSIGNED, REOPENED}), ASSIGNED),
        Transition("start", frozenset({VERIFIED, ASSIGNED, REOPENED}), IN_PROGRESS),
        Transition("resolve", frozenset({VERIFIED, ASSIGNED, IN_PROGRESS, REOPENED}), RESOLVED),
        Transition("confirm", frozenset({RESOLVED}), CLOSED),
        Transition("reopen", frozenset({RESOLVED, CLOSED}), REOPENED),
        Transition("handover", frozenset({NEW, VERIFIED, ASSIGNED, REOPENED}), None),
    )
}


class TransitionError(Refused):
    """An action that the report's current status does not allow."""

    def __init__(self, action: str, status: str):
        super().__init__("error.transition_not_allowed")
        self.action = action
        self.status = status


def transition(status: str, action: str) -> str:
    """The status after `action`, or TransitionError if the action is not allowed from `status`."""
    rule = TRANSITIONS.get(action)
    if rule is None or status not in rule.sources:
        raise TransitionError(action, status)
    return status if rule.target is None else rule.target
