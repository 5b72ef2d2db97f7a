"""Message catalogs: flat JSON files of key -> text, Indonesian first.

Texts may hold `{name}` placeholders filled by `translate`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_DIR = Path(__file__).parent


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def translate(lang: str, key: str, **params) -> str:
    """The text for `key`; an unknown key comes back as itself so tests can spot it."""
    text = catalog(lang).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
