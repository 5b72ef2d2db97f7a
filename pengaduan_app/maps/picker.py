"""The location picker: a map in an iframe that tells its parent page where the report is.

The script is `assets/maps/picker.js` (its header states the message protocol
with the parent page and where the map opens); this module hands it its settings.
"""

from __future__ import annotations

import folium

from ..domain.map_query import POINTS_ZOOM
from .base import MapScript, add_style, check_point, make_map, render

LABEL_KEYS = ("hint_touch", "hint_keys", "marker_label")

# Zoom used when the parent moves the marker: close enough to check the street.
_SET_LOCATION_ZOOM = 17
# From this zoom on, the open reports in view are drawn around the pin.
_NEARBY_ZOOM = 15

_CSS = """
.pg-crosshair {display: none; position: absolute; left: 50%; top: 50%; width: 28px; height: 28px;
  margin: -14px 0 0 -14px; pointer-events: none; z-index: 650;
  background: linear-gradient(#1f2937, #1f2937) center / 2px 100% no-repeat,
    linear-gradient(#1f2937, #1f2937) center / 100% 2px no-repeat;
  filter: drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff);}
.leaflet-container:focus-visible .pg-crosshair {display: block;}
/* The pin one drags with a thumb: a 45x44 target around the 25x41 picture, its tip still on the place. */
.leaflet-marker-icon.leaflet-marker-draggable {box-sizing: content-box !important; padding: 0 10px 3px !important;
  margin-left: -22px !important;}  /* Leaflet's own rule for marker images sets padding 0 */
.leaflet-bottom.leaflet-left {bottom: 2.6em;}  /* above the attribution, which wraps on a phone */
.pg-hint {max-width: 15rem; padding: .3rem .5rem; border-radius: 4px; background: rgba(255, 255, 255, .92);
  box-shadow: 0 1px 4px rgba(0,0,0,.4); font-size: .8rem; line-height: 1.3;}
"""


def location_picker_map(
    *,
    tile_url: str,
    attribution: str,
    center: tuple[float, float],
    zoom: int,
    initial: tuple[float, float] | None,
    labels: dict,
    frame_labels: dict,
    search: dict,
    data_url: str = "/api/map",
) -> folium.Map:
    """The picker as a folium map (other builders add layers to it); `labels` needs LABEL_KEYS, `frame_labels`
    are make_map's, `search` the place search's data, `data_url` where the open reports near the pin come
    from (empty: none drawn). With `initial`, the marker starts there; else the map opens at `center`, `zoom`."""
    if initial is not None:
        check_point(*initial)
    m = make_map(initial or center, _SET_LOCATION_ZOOM if initial else zoom, tile_url, attribution, labels=frame_labels)
    add_style(m, _CSS)
    data = {
        "initial": list(initial) if initial else None,
        "hints": {"touch": labels["hint_touch"], "keys": labels["hint_keys"]},
        "markerLabel": labels["marker_label"],
        "zoom": _SET_LOCATION_ZOOM,
        "nearbyZoom": _NEARBY_ZOOM,
        "pointsZoom": POINTS_ZOOM,
        "dataUrl": data_url,
        "search": search,
    }
    MapScript("picker", data, script="picker", needs=("search",)).add_to(m)
    return m


def build_location_picker(**options) -> str:
    """The full HTML page (options as `location_picker_map`)."""
    return render(location_picker_map(**options))
