"""Staff maps. The report page's: the report's pin, which the officer may drag to correct it, and the other
reports near it. The queue's: every report the queue's filters select. Reports are circles in their public
status colour; a popup links to each one's staff page.

The report page's map is the location picker (same messages to the parent: `pengaduan:location` when the
pin is dropped or the map tapped) with one more layer; both draw with `assets/maps/staff.js`.
"""

from __future__ import annotations

from .base import MapScript, add_style, make_map, render
from .picker import location_picker_map

_ZOOM = 17

_CSS = """
.pg-near {min-width: 10rem; font-size: .9rem; line-height: 1.35;}
.pg-near a {display: inline-flex; align-items: center; min-height: 44px; font-weight: bold;}
.pg-near p {margin: 0 0 .2rem; overflow-wrap: anywhere;}
"""


def build_staff_map(
    *,
    tile_url: str,
    attribution: str,
    pin: tuple[float, float],
    nearby: list[dict],
    labels: dict,
    frame_labels: dict,
    search: dict,
) -> str:
    """`nearby`: dicts with code, title, status (a word), color, lat, lng; the other options as the picker's
    (the open reports near the pin are the officer's own `nearby`, not the public map's)."""
    m = location_picker_map(
        tile_url=tile_url,
        attribution=attribution,
        center=pin,
        zoom=_ZOOM,
        initial=pin,
        labels=labels,
        frame_labels=frame_labels,
        search=search,
        data_url="",
    )
    add_style(m, _CSS)
    MapScript("staffPins", {"pins": nearby, "fit": False}, script="staff").add_to(m)
    return render(m)


def build_queue_map(
    *, tile_url: str, attribution: str, center: tuple[float, float], zoom: int, pins: list[dict], labels: dict
) -> str:
    """The queue's reports (`pins` as `build_staff_map`'s `nearby`), the view fitted to them; `labels` are
    make_map's."""
    m = make_map(center, zoom, tile_url, attribution, labels=labels)
    add_style(m, _CSS)
    MapScript("staffPins", {"pins": pins, "fit": True}, script="staff").add_to(m)
    return render(m)
