"""A folium map that loads nothing from a CDN, and the pieces the builders share.

folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from CDNs;
our maps need only Leaflet (and MarkerCluster), served by `assets`.

Escaping rule for the builders: text that ends up as HTML (popups, divIcon
contents) goes through `html.escape`; text handed to the page as data
(`MapScript`'s `data`, set via DOM properties) is only JSON-encoded.
"""

from __future__ import annotations

import html
import json
import math

import folium
from branca.element import Element, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from .assets import LEAFLET_CSS, LEAFLET_JS, MARKERCLUSTER_CSS, MARKERCLUSTER_JS

_BASE_CSS = """
.pg-sr {position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}
.leaflet-container:focus-visible {outline: 3px solid #1d4ed8; outline-offset: -3px;}
html .leaflet-touch .leaflet-bar a, html .leaflet-bar a {width: 44px; height: 44px; line-height: 44px;}
.leaflet-container .leaflet-control-attribution a {text-decoration: underline;}
"""

_LABEL_JS = """
var box = target.getContainer();
box.setAttribute("role", "region");
box.setAttribute("aria-label", data);
"""


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `<` can close it or open a comment."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def check_point(lat: float, lng: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError(f"not a coordinate: {lat!r}, {lng!r}")


class MapScript(MacroElement):
    """JavaScript run once its parent exists: `target` is the parent's Leaflet object, `data` a JSON value."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (target, data) {
        {{ this.code }}
        })({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, code: str, data: object = None):
        super().__init__()
        self._name = "MapScript"
        self.code = code
        self.data_json = script_json(data)


def add_style(m: folium.Map, css: str) -> None:
    m.get_root().header.add_child(Element(f"<style>{css}</style>"))


def make_map(
    center: tuple[float, float],
    zoom: int,
    tile_url: str,
    attribution: str,
    *,
    label: str = "",
    min_zoom: int | None = None,
) -> folium.Map:
    """A full-page Leaflet map with local assets; `label` names it for screen readers.

    `attribution` is HTML from configuration (not user input) and is shown as is.
    """
    check_point(*center)
    m = folium.Map(location=center, zoom_start=zoom, tiles=None)
    if min_zoom is not None:
        m.options["minZoom"] = min_zoom  # folium's `min_zoom` only reaches its default tile layer
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    folium.TileLayer(tiles=tile_url, attr=attribution, max_zoom=19).add_to(m)
    add_style(m, _BASE_CSS)
    if label:
        m.get_root().title = html.escape(label)
        MapScript(_LABEL_JS, label).add_to(m)
    return m


def marker_cluster(**options: object) -> MarkerCluster:
    """folium's MarkerCluster loading the local plugin instead of its CDN copy."""
    cluster = MarkerCluster(**options)
    cluster.default_js = [("markerclusterjs", MARKERCLUSTER_JS)]
    cluster.default_css = [("markerclustercss", MARKERCLUSTER_CSS)]
    return cluster


def render(m: folium.Map) -> str:
    """The complete HTML page (for an iframe's `srcdoc` or an HTTP response)."""
    return m.get_root().render()
