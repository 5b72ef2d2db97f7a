"""The words the public reads for each step of a report, apart from the staff command that made it.

Staff press "Selesaikan"; the citizen reads "Selesai ditangani". One table serves the public timeline, the
notifications (the /akun list and the bell), the followers' e-mails and the WhatsApp/SMS/e-mail updates, so
a step is told the same way everywhere, in Indonesian and English (`step.<action>` in i18n/*/wording.json).
"""

from __future__ import annotations

from ..i18n import translate

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
