"""The public map of reports: a folium page that carries no report's words, only a script that fetches them
(and the first view's clusters and pins as numbers, drawn before Leaflet has loaded).

The script is `assets/maps/public_map.js` (its header states the message protocol
with the parent page); this module hands it its settings, labels and first filters.
"""

from __future__ import annotations

from ..domain.map_query import POINTS_ZOOM
from ..domain.status import PUBLIC_STATUSES
from .assets import MAP_SCRIPTS_DIR
from .base import MapScript, add_style, make_map, render_after_first_paint, script_json

# Keyed by the public status code (domain.status); plain text glyphs, no icon font.
STATUS_GLYPHS = {
    "waiting": "!",
    "in_progress": "\u2699\ufe0e",  # gear, text presentation
    "done": "\u2713",
    "rejected": "\u2715",
    "reopened": "\u21ba",
}

LABEL_KEYS = (
    "view_report",
    "supporters",
    "cluster_count",
    "support",
    "loading",
    "error",
    "truncated",
)
MIN_ZOOM = 9
FOCUS_ZOOM = POINTS_ZOOM
DEBOUNCE_MS = 150

_CSS = """
.pg-marker, .leaflet-marker-icon.pg-cluster, .pg-hit {display: flex; align-items: center; justify-content: center;}
.pg-hit {width: 100%; height: 100%;}
.pg-marker:focus-visible, .pg-cluster:focus-visible {outline: 3px solid #1d4ed8; outline-offset: -2px;
  border-radius: 50%;}
.pg-pin, .pg-count {display: flex; align-items: center; justify-content: center; box-sizing: border-box;
  border-radius: 50%; font: bold 14px/1 "DejaVu Sans", Arial, sans-serif;}
.pg-pin {width: 28px; height: 28px; border: 2px solid #fff; box-shadow: 0 0 0 2px #1f2937, 0 1px 4px rgba(0,0,0,.5);}
.pg-count {width: 40px; height: 40px; background: rgba(31, 41, 55, .88); color: #fff; border: 3px solid #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.5);}
.pg-popup {min-width: 12rem; font-size: .9rem; line-height: 1.35;}
.leaflet-popup-content .pg-popup p {margin: 0 0 .3rem;}
.pg-popup .pg-title {font-weight: bold; font-size: 1rem; overflow-wrap: anywhere;}
.pg-dot {display: inline-flex; align-items: center; justify-content: center; width: 1.3em; height: 1.3em;
  border-radius: 50%; font-size: .8em; font-weight: bold; vertical-align: middle; border: 1px solid #1f2937;}
.pg-actions {display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .3rem;}
.pg-popup a {display: inline-flex; align-items: center; min-height: 44px; font-weight: bold;}
.pg-support {min-height: 44px; padding: 0 .8rem; border: 2px solid #0f5132; border-radius: 8px; background: #fff;
  color: #0f5132; font: bold .95rem system-ui, sans-serif; cursor: pointer;}
.pg-support[aria-pressed="true"] {background: #0f5132; color: #fff;}
.pg-support[aria-pressed="true"]::before {content: "\\2713  ";}
.pg-support:disabled {opacity: .6; cursor: progress;}
.pg-msg:empty {display: none;}
.pg-msg {color: #b91c1c; font-weight: bold;}
.pg-status {padding: .3rem .5rem; border-radius: 4px; background: rgba(255, 255, 255, .92);
  box-shadow: 0 1px 4px rgba(0,0,0,.4); font-size: .85rem;}
.pg-status:empty {display: none;}
.pg-sketch {position: absolute; inset: 0; z-index: 500; overflow: hidden; pointer-events: none;
  background: #ddd;}
.pg-sketch > div {position: absolute; width: 44px; height: 44px; display: flex; align-items: center;
  justify-content: center;}
"""


# Inlined right after the map's element (a request of its own would wait): draws the first view's reports from
# the numbers in the page and fetches its /api/map answer, before Leaflet has loaded.
_FIRST_VIEW_JS = (MAP_SCRIPTS_DIR / "first_view.js").read_text()


def build_public_map(
    *,
    tile_url: str,
    attribution: str,
    center: tuple[float, float],
    zoom: int,
    labels: dict,
    frame_labels: dict,
    search: dict,
    status_labels: dict[str, str],
    filters: dict[str, str],
    filter_names: tuple[str, ...],
    focus: str = "",
    sketch: dict | None = None,
    data_url: str = "/api/map",
    detail_url: str = "/api/map/report/",
) -> str:
    """The full HTML page; it holds no report's words. `labels` needs LABEL_KEYS (`supporters` and
    `cluster_count` contain `{count}`); `frame_labels` are make_map's; `search` is the place search's data
    (see assets/maps/search.js); `status_labels` maps each public status code to its word.

    `filters` are the first filter values (already checked); with `focus` (a tracking code), the map
    zooms to that report and opens its popup. Framed in the map page `/`, it keeps its view in that page's
    address (the script sees where it is framed, so `/` needs no frame address of its own: see state.browse).
    `sketch` (domain.map_query.sketch_view, numbers only) is drawn before Leaflet has loaded.
    """
    m = make_map(center, zoom, tile_url, attribution, labels=frame_labels, min_zoom=MIN_ZOOM)
    looks = {p.code: {"color": p.color, "text": p.text_color, "glyph": STATUS_GLYPHS[p.code]} for p in PUBLIC_STATUSES}
    first = {
        "center": list(center),
        "zoom": zoom,
        "dataUrl": data_url,
        "filters": filters,
        "focus": focus,
        "sketch": None if focus else sketch,
        "looks": looks,
    }
    add_style(m, _CSS)
    data = {
        "dataUrl": data_url,
        "detailUrl": detail_url,
        "filters": filters,
        "filterNames": list(filter_names),
        "focus": focus,
        "focusZoom": FOCUS_ZOOM,
        "pointsZoom": POINTS_ZOOM,
        "debounce": DEBOUNCE_MS,
        "search": search,
        "labels": {
            "viewReport": labels["view_report"],
            "supporters": labels["supporters"],
            "cluster": labels["cluster_count"],
            "support": labels["support"],
            "loading": labels["loading"],
            "error": labels["error"],
            "truncated": labels["truncated"],
        },
        "statuses": {code: {"label": status_labels[code], **look} for code, look in looks.items()},
    }
    MapScript("publicMap", data, script="public_map", needs=("search",)).add_to(m)
    first_view = f"<script>window.pengaduanFirstView = {script_json(first)};\n{_FIRST_VIEW_JS}</script>"
    return render_after_first_paint(m, first_view)
