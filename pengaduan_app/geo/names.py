"""Area names: one form for matching, one for display.

Boundary files spell names in their own way ("KEBAYORAN BARU", "Kebayoran  Baru "),
so rows store the name cleaned of stray spaces, matching goes through `name_key`,
and people see `display_name`.
"""

from __future__ import annotations

import re

# Words that stay upper case in display (abbreviations found in the data).
ABBREVIATIONS = frozenset({"DKI", "TMII"})

_WORD = re.compile(r"[^\W\d_]+")


def clean_name(raw: str) -> str:
    """The name as given, with surrounding spaces stripped and inner runs collapsed."""
    return " ".join(raw.split())


def name_key(raw: str) -> str:
    """What two spellings of the same name have in common: cleaned and upper case."""
    return clean_name(raw).upper()


def display_name(name: str) -> str:
    """Title case for people: "KEBAYORAN BARU" -> "Kebayoran Baru", "TMII" stays."""

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        return text.upper() if text.upper() in ABBREVIATIONS else text.capitalize()

    return _WORD.sub(word, clean_name(name))
