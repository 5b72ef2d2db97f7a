"""Known gaps of issue 9 in files owned by other people, each with the file and the fix.

Tests leave out exactly these findings, and warn each time they still see one, so that
everything else stays enforced. Delete an entry once its fix has landed.
"""

from __future__ import annotations

import warnings

# Pages registered with a fixed Indonesian title instead of a catalog key (route -> fix).
PAGE_TITLES: dict[str, str] = {}


def known(gaps: dict, key: object) -> bool:
    """Whether `key` is a known gap; warns with its fix so the gap stays visible in every run."""
    fix = gaps.get(key)
    if fix is not None:
        warnings.warn(f"known gap {key!r}, fix: {fix}", stacklevel=2)
    return fix is not None


# axe-core findings: (rule, first part of the target: the element, or the iframe it is in) -> fix.
AXE: dict[tuple[str, str], str] = {}

# Form controls without a visible label: (page id, control) -> fix.
UNLABELLED: dict[tuple[str, str], str] = {}

# Tap targets under 44 px: "frame around element" (frame is `page` or `#iframe-id`) -> fix.
TAP_TARGETS: dict[str, str] = {}
