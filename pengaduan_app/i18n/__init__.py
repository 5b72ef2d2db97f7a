"""Translations (catalogs in id.json / en.json) and language-aware formatting."""

from .catalog import LANGUAGES, catalog, translate
from .formatting import format_age, format_datetime, format_hours, format_number, format_percent

__all__ = [
    "LANGUAGES",
    "catalog",
    "format_age",
    "format_datetime",
    "format_hours",
    "format_number",
    "format_percent",
    "translate",
]
