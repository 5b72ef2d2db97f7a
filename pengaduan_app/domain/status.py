"""Report statuses, the public ladder shown to citizens, the transition table, and the words the public reads for
each step.

Internal statuses are what staff work with; the public sees five words with
Qlue's colours (red waiting, yellow in progress, green done) plus rejected and
reopened. Every change of status goes through `transition`.

The public's words are apart from the staff command that made a step: staff press "Selesaikan"; the citizen
reads "Selesai ditangani". One table serves the public timeline, the notifications (the /akun list and the
bell), the followers' e-mails and the WhatsApp/SMS/e-mail updates, so a step is told the same way everywhere, in
Indonesian and English (`step.<action>` in i18n/*/wording.json).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Refused
from ..i18n import translate

# Statuses, the public ladder and the transition table.
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


# The public's words for each step.

# Every step the public may see; the steps staff keep to themselves (note, priority, message) are not here.
PUBLIC_STEPS = (
    "submit",
    "verify",
    "reject",
    "assign",
    "start",
    "resolve",
    "confirm",
    "reopen",
    "handover",
    "reply",
    "relocate",
    "recategorize",
)
# A report rejected as the same as another one is told as such, not as a plain refusal.
DUPLICATE = "duplicate"


def step_key(action: str, *, duplicate: bool = False) -> str:
    """The i18n key of a public step's headline."""
    if action == "reject" and duplicate:
        return f"step.{DUPLICATE}"
    return f"step.{action}" if action in PUBLIC_STEPS else "step.other"


def handover_unit(note: str) -> str:
    """The unit a hand-over went to: its note is written "<unit>: <reason>" (domain/handling.hand_over)."""
    unit, sep, _ = (note or "").partition(": ")
    return unit.strip() if sep else ""


def public_note(action: str, note: str) -> str:
    """The note as the public reads it under the headline: a hand-over's reason without its unit (the headline
    names it)."""
    if action == "handover" and handover_unit(note):
        return note.partition(": ")[2].strip()
    return note


def public_step(lang: str, action: str, note: str = "", *, duplicate: bool = False) -> str:
    """The headline of a step in the reader's language ("Dialihkan ke Kelurahan Gambir")."""
    unit = handover_unit(note) if action == "handover" else ""
    return translate(lang, step_key(action, duplicate=duplicate), unit=unit or translate(lang, "step.another_unit"))
