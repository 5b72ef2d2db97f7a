"""The question before a step that is hard to take back, and the "Batalkan" offered right after one."""

import reflex as rx

from .i18n import t


def confirm_dialog(state, yes_key: str, on_yes, dialog_id: str) -> rx.Component:
    """A modal question naming the thing (`state.confirm_question`); "No" is the default answer."""
    return rx.cond(
        state.confirm_question != "",
        rx.el.div(
            rx.el.div(
                rx.el.p(state.confirm_question, id=f"{dialog_id}-question", class_name="confirm-question"),
                rx.el.div(
                    rx.el.button(
                        t("confirm.no"),
                        on_click=state.cancel_confirm,
                        class_name="button secondary",
                        id=f"{dialog_id}-no",
                        auto_focus=True,
                    ),
                    rx.el.button(t(yes_key), on_click=on_yes, class_name="button danger", id=f"{dialog_id}-yes"),
                    class_name="confirm-actions",
                ),
                role="alertdialog",
                aria_modal="true",
                aria_labelledby=f"{dialog_id}-question",
                id=dialog_id,
                class_name="confirm-box",
            ),
            class_name="confirm-backdrop",
        ),
    )


def undo_bar(state, on_undo, bar_id: str) -> rx.Component:
    """What was just done (`state.undo_text`) with "Batalkan" to take it back."""
    return rx.cond(
        state.undo_target != "",
        rx.el.div(
            rx.el.span(state.undo_text),
            rx.el.button(t("confirm.undo"), on_click=on_undo, class_name="button secondary", id=f"{bar_id}-undo"),
            rx.el.button(
                t("confirm.dismiss"), on_click=state.dismiss_undo, class_name="button link", id=f"{bar_id}-dismiss"
            ),
            role="status",
            id=bar_id,
            class_name="notice undo-bar",
        ),
    )
