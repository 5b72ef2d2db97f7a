"""Message catalogs: `i18n/<lang>/*.json`, flat key -> text, Indonesian first.

Each language is a folder of JSON files (one per part of the app, so work on
one part does not touch the others' files); they are merged, and a key may be
defined only once. Texts may hold `{name}` placeholders filled by `translate`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANG_COOKIE = "pengaduan_lang"  # the visitor's choice, read by the pages (state.lang) and the map endpoints
_DIR = Path(__file__).parent


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    merged: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{path}: keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


def translate(lang: str, key: str, **params) -> str:
    """The text for `key`; an unknown key comes back as itself so tests can spot it."""
    text = catalog(lang).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
