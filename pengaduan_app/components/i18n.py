"""Translated text in components, and the document-level parts of the language (<title>, <html lang>)."""

import reflex as rx
from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment

from ..state.lang import LangState

BRAND = "Pengaduan"


def t(key: str):
    """The translated text for `key` as a Var (follows the visitor's language)."""
    return LangState.t[key]


def page_title(key: str) -> Var:
    """`<page> · Pengaduan` in the visitor's language: the page first, so tabs and screen readers tell pages apart."""
    return t(key).to(str) + f" · {BRAND}"


class DocumentLanguage(Fragment):
    """Keeps `<html lang>` equal to the visitor's language.

    The page frame carries `lang` too, but the document title and anything outside the
    frame (toasts, dialogs) take the language of `<html>`, which Reflex renders statically.
    """

    lang: Var[str]

    def add_hooks(self) -> list[str | Var]:
        lang = str(self.lang)
        return [
            Var(
                f"useEffect(() => {{ document.documentElement.lang = {lang}; }}, [{lang}]);",
                _var_data=VarData.merge(self.lang._get_all_var_data(), VarData(imports={"react": ["useEffect"]})),
            )
        ]

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), "lang"]


def document_language() -> rx.Component:
    return DocumentLanguage.create(lang=LangState.current)
