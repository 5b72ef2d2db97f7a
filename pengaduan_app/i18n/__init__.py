"""Translations (catalogs in <lang>/*.json) and language-aware formatting."""

from .catalog import DEFAULT_LANGUAGE, LANG_COOKIE, LANGUAGES, catalog, translate
from .formatting import (
    format_age,
    format_datetime,
    format_hours,
    format_number,
    format_percent,
    format_span,
    localised_params,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANG_COOKIE",
    "catalog",
    "format_age",
    "format_datetime",
    "format_hours",
    "format_number",
    "format_percent",
    "format_span",
    "localised_params",
    "translate",
]
