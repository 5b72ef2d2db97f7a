"""The words the public reads for a timeline step, apart from the staff command that made it.

Staff see the command ("Perbaiki lokasi"); the citizen reads what happened to their report ("Lokasi
diperbaiki oleh petugas"). Steps without a wording of their own are told by the status they led to.
"""

from __future__ import annotations

# Actions whose public wording is `timeline.action.<action>` (i18n), whatever the status.
WORDED_ACTIONS = frozenset({"relocate", "recategorize"})


def step_key(action: str, to_status: str) -> str:
    """The i18n key of a public timeline step's headline."""
    return f"timeline.action.{action}" if action in WORDED_ACTIONS else f"timeline.{to_status}"
