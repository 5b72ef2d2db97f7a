"""Steps that ask first and can be taken back: revoking an API key, disabling an account, hiding a report.

The question names the thing (from what the page already loaded for this officer) and is only UI: the step's
own handler, run by the dialog's button, still checks permission in its domain function, like any crafted
event would meet. Right after a step that can be undone, `undo_target` offers "Batalkan"; its undo is an
ordinary step too (enable the account, show the report), audited like any other.
"""

import reflex as rx


class Confirming(rx.State, mixin=True):
    confirm_question: str = ""
    confirm_target: str = ""
    undo_target: str = ""
    undo_text: str = ""

    def _ask(self, question: str, target: str) -> None:
        self.confirm_question, self.confirm_target = question, target

    def _answered(self) -> str:
        """The target the dialog asked about (the dialog closes)."""
        target = self.confirm_target
        self.confirm_question = self.confirm_target = ""
        return target

    def _offer_undo(self, target: str, text: str) -> None:
        self.undo_target, self.undo_text = target, text

    @rx.event
    def cancel_confirm(self):
        self._answered()

    @rx.event
    def dismiss_undo(self):
        self.undo_target = self.undo_text = ""
