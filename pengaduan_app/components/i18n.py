"""Shorthand for translated text in components."""

from ..state.lang import LangState


def t(key: str):
    """The translated text for `key` as a Var (follows the visitor's language)."""
    return LangState.t[key]
