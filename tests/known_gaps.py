"""Known gaps of issue 9 in files owned by other people, each with the file and the fix.

Tests leave out exactly these findings, and warn each time they still see one, so that
everything else stays enforced. Delete an entry once its fix has landed.
"""

from __future__ import annotations

import warnings

_STAFF_TITLE = "pages/staff_*.py: pass a key from i18n/<lang>/staff.json (e.g. \"page.staff_queue\") as the title"

# Pages registered with a fixed Indonesian title instead of a catalog key (route -> fix).
PAGE_TITLES = {"/staf/api": _STAFF_TITLE}


def known(gaps: dict, key: object) -> bool:
    """Whether `key` is a known gap; warns with its fix so the gap stays visible in every run."""
    fix = gaps.get(key)
    if fix is not None:
        warnings.warn(f"known gap {key!r}, fix: {fix}", stacklevel=2)
    return fix is not None

_ATTRIBUTION = (
    "maps/base.py: underline the links in the map attribution, e.g. add "
    "`.leaflet-control-attribution a {text-decoration: underline;}` to _BASE_CSS"
)
_ZOOM = (
    "maps/base.py: 44 px zoom buttons, e.g. add `.leaflet-touch .leaflet-bar a "
    "{width: 44px; height: 44px; line-height: 44px;}` to _BASE_CSS"
)

# axe-core findings: (rule, first part of the target: the element, or the iframe it is in) -> fix.
AXE: dict[tuple[str, str], str] = {
    ("link-in-text-block", "#public-map"): _ATTRIBUTION,
    ("link-in-text-block", "#picker"): _ATTRIBUTION,
    ("label", 'input[type="file"]'): (
        "pages/submit.py: the photo input rx.upload renders has no label; pass aria-labelledby to "
        "react-dropzone's getInputProps (see the report of issue 9)"
    ),
}

# Form controls without a visible label: (page id, control) -> fix.
UNLABELLED: dict[tuple[str, str], str] = {
    ("/lapor", "input[type=file]"): AXE[("label", 'input[type="file"]')],
}

# Tap targets under 44 px: "frame around element" (frame is `page` or `#iframe-id`) -> fix.
TAP_TARGETS: dict[str, str] = {
    "#public-map div.leaflet-marker-pane div.leaflet-marker-icon": (
        "maps/public_map.py: markers (26 px) and clusters (40 px) need a 44 px divIcon iconSize; "
        "the coloured dot can stay smaller inside it"
    ),
    **{
        f"{frame} div.leaflet-control-zoom a.leaflet-control-zoom-{way}": _ZOOM
        for frame in ("#public-map", "#picker", "#kinerja-map")
        for way in ("in", "out")
    },
}
