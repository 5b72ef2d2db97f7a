"""A folium map that loads nothing from a CDN, and the pieces the builders share.

folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from CDNs;
our maps need only Leaflet (and MarkerCluster), served by `assets`.

The maps' JavaScript lives in `assets/maps/*.js`; a builder calls one of its
functions with `MapScript`. Escaping rule for the builders: text that ends up as
HTML (the choropleth's legend) goes through `html.escape`; text handed to the
page as data (`MapScript`'s `data`, set via DOM properties) is only JSON-encoded.
"""

from __future__ import annotations

import html
import json
import math

import folium
from branca.element import CssLink, Element, JavascriptLink
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from .assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    MAP_SCRIPTS_DIR,
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_JS,
    map_script_url,
)

_BASE_CSS = """
.pg-sr {position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}
.leaflet-container:focus-visible {outline: 3px solid #1d4ed8; outline-offset: -3px;}
html .leaflet-touch .leaflet-bar a, html .leaflet-bar a {width: 44px; height: 44px; line-height: 44px;}
.leaflet-container .leaflet-control-attribution a {text-decoration: underline;}
.pg-gesture-hint {position: absolute; inset: 0; z-index: 1000; display: flex; align-items: center;
  justify-content: center; padding: 1rem; background: rgba(0, 0, 0, .5); color: #fff; text-align: center;
  font: bold 1.1rem/1.4 system-ui, sans-serif; pointer-events: none; opacity: 0; transition: opacity .2s;}
.pg-gesture-hint.pg-shown {opacity: 1;}
.leaflet-container.pg-active {box-shadow: inset 0 0 0 4px #0f5132;}
.pg-search {width: min(20rem, calc(100vw - 76px)); font: .95rem/1.3 system-ui, sans-serif;}
.pg-search form {display: flex; box-shadow: 0 1px 4px rgba(0,0,0,.4); border-radius: 8px;}
.pg-search-input {flex: 1; min-width: 0; min-height: 44px; padding: 0 .6rem; border: 1px solid #6b7280;
  border-right: 0; border-radius: 8px 0 0 8px; font: inherit; font-size: 16px;}
.pg-search-go {min-height: 44px; min-width: 44px; padding: 0 .7rem; border: 0; border-radius: 0 8px 8px 0;
  background: #0f5132; color: #fff; font: bold .95rem system-ui, sans-serif; cursor: pointer;}
.pg-search-status:empty, .pg-search-results:empty, .pg-search-credit:empty {display: none;}
.pg-search-status, .pg-search-results, .pg-search-credit {margin: .25rem 0 0; padding: .3rem .5rem;
  background: #fff; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.4);}
.pg-search-results {list-style: none; max-height: 45vh; overflow-y: auto; padding: 0;}
.pg-search-result {display: block; width: 100%; min-height: 44px; padding: .35rem .6rem; border: 0;
  border-bottom: 1px solid #e5e7eb; background: #fff; text-align: left; font: inherit; cursor: pointer;}
.pg-search-result:hover, .pg-search-result:focus-visible {background: #ecfdf5;}
.pg-search-name {display: block; font-weight: bold;}
.pg-search-detail {display: block; font-size: .8rem; color: #374151;}
.pg-search-credit {font-size: .75rem; color: #374151;}
"""


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `<` can close it or open a comment."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def check_point(lat: float, lng: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError(f"not a coordinate: {lat!r}, {lng!r}")


class MapScript(JSCSSMixin):
    """Calls `pengaduanMaps.<function>(map, data)` once its parent map exists; `data` is a JSON value.

    The function comes from `assets/maps/<script>.js` (linked in the page's head, with base.js first and
    whatever else `needs` names).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (target, data) { pengaduanMaps.{{ this.function }}(target, data); })(
        {{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, data: object = None, *, script: str, needs: tuple[str, ...] = ()):
        super().__init__()
        self._name = "MapScript"
        self.function = function
        self.data_json = script_json(data)
        self.default_js = [(f"pg_{name}", map_script_url(name)) for name in ("base", *needs, script)]


def add_style(m: folium.Map, css: str) -> None:
    m.get_root().header.add_child(Element(f"<style>{css}</style>"))


def make_map(
    center: tuple[float, float],
    zoom: int,
    tile_url: str,
    attribution: str,
    *,
    labels: dict | None = None,
    min_zoom: int | None = None,
) -> folium.Map:
    """A full-page Leaflet map with local assets.

    `labels`, in the page's language: `label` names the map for screen readers, `zoomIn`/`zoomOut` title the
    zoom buttons, and `twoFingers` (when given) is what a phone says when one finger tries to move the map,
    which then moves with two while one finger scrolls the page; `tapActive` (when given) is what it says
    after a tap on the map, which then moves with one finger until a touch outside it. `attribution` is HTML
    from configuration (not user input) and is shown as is.
    """
    check_point(*center)
    m = folium.Map(location=center, zoom_start=zoom, tiles=None)
    if min_zoom is not None:
        m.options["minZoom"] = min_zoom  # folium's `min_zoom` only reaches its default tile layer
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    folium.TileLayer(tiles=tile_url, attr=attribution, max_zoom=19).add_to(m)
    add_style(m, _BASE_CSS)
    if labels:
        m.get_root().title = html.escape(labels["label"])
        MapScript("base", labels, script="base").add_to(m)
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


_AFTER_PAINT_JS = (MAP_SCRIPTS_DIR / "after_paint.js").read_text()


def render_after_first_paint(m: folium.Map, body_html: str) -> str:
    """The complete page, with `body_html` right after the map's element and every script and stylesheet
    applied only after the first paint (assets/maps/after_paint.js): their links in the head become preloads
    and folium's own script a function called once they have all loaded. What `body_html` draws (with the
    page's inline styles) shows before Leaflet has loaded."""
    root = m.get_root()
    for child in root._children.values():  # as Figure.render does: the children add their links to the head
        child.render()
    urls = []
    for name, child in list(root.header._children.items()):
        if isinstance(child, JavascriptLink):
            urls.append(child.url)
        if isinstance(child, JavascriptLink | CssLink):  # a stylesheet's link stays in its place in the cascade
            kind = "script" if isinstance(child, JavascriptLink) else "style"
            root.header._children[name] = Element(f'<link rel="preload" as="{kind}" href="{html.escape(child.url)}">')
    root.html.add_child(Element(body_html))
    name = m.get_name()  # folium's variable for the map, kept on `window` as before for the page's scripts
    root.script.add_child(Element(f"{_AFTER_PAINT_JS}pengaduanAfterPaint({script_json(urls)}, function () {{"), index=0)
    root.script.add_child(Element(f"window.{name} = {name};\n}});"))
    return root._template.render(this=root, kwargs={})
