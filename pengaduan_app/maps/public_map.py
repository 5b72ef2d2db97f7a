"""The public map of reports: status-coloured markers in clusters, a popup each.

Markers go to the page as one JSON array and are added to the cluster in bulk
(`addLayers`), about 0.7 KB per report, instead of one folium object each.
They are divIcon circles rather than SVG circles so that each one shows a
status glyph (status is never colour alone) and is reachable with Tab and
opened with Enter (Leaflet's keyboard support for markers).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..domain.status import public_status
from .base import MapScript, add_style, check_point, make_map, marker_cluster, render

# Keyed by the public status code (domain.status); plain text glyphs, no icon font.
STATUS_GLYPHS = {
    "waiting": "!",
    "in_progress": "\u2699\ufe0e",  # gear, text presentation
    "done": "\u2713",
    "rejected": "\u2715",
    "reopened": "\u21ba",
}

LABEL_KEYS = ("map_label", "view_report", "support_count", "cluster_count")

_CLASS_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class MapMarker:
    """One report as the public map shows it; texts are plain (unescaped) strings."""

    tracking_code: str
    title: str
    category_label: str
    status: str
    status_label: str
    status_color: str
    age_label: str
    url: str
    latitude: float
    longitude: float
    support_count: int

    def __post_init__(self) -> None:
        # These end up in a class name, a style attribute and an href.
        if not _CLASS_SAFE.match(self.tracking_code):
            raise ValueError(f"tracking code not usable as a class name: {self.tracking_code!r}")
        if not _HEX_COLOR.match(self.status_color):
            raise ValueError(f"status colour must be #rrggbb: {self.status_color!r}")
        if urlsplit(self.url).scheme not in ("", "http", "https"):
            raise ValueError(f"unsafe report URL: {self.url!r}")
        check_point(self.latitude, self.longitude)
        public_status(self.status)  # unknown status: KeyError now, not at render time


_CSS = """
.pg-marker:focus-visible {outline: 3px solid #1d4ed8; outline-offset: 2px; border-radius: 50%;}
.pg-pin, .leaflet-marker-icon.pg-cluster {display: flex; align-items: center; justify-content: center;
  box-sizing: border-box; border-radius: 50%; font: bold 14px/1 "DejaVu Sans", Arial, sans-serif;}
.pg-pin {width: 100%; height: 100%; border: 2px solid #fff; box-shadow: 0 0 0 2px #1f2937, 0 1px 4px rgba(0,0,0,.5);}
.pg-cluster {background: rgba(31, 41, 55, .88); color: #fff; border: 3px solid #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.5);}
.pg-popup {min-width: 11rem; font-size: .9rem; line-height: 1.35;}
.leaflet-popup-content .pg-popup p {margin: 0 0 .3rem;}
.pg-popup .pg-title {font-weight: bold; font-size: 1rem;}
.pg-dot {display: inline-flex; align-items: center; justify-content: center; width: 1.3em; height: 1.3em;
  border-radius: 50%; font-size: .8em; font-weight: bold; vertical-align: middle; border: 1px solid #1f2937;}
.pg-popup a {display: inline-block; padding: .35rem 0; font-weight: bold;}
"""

_MARKERS_JS = """
target.options.iconCreateFunction = function (cluster) {
  var n = cluster.getChildCount();
  return L.divIcon({
    className: "pg-cluster",
    iconSize: L.point(40, 40),
    html: '<span aria-hidden="true">' + n + '</span><span class="pg-sr">'
      + data.clusterLabel.replace("{count}", n) + "</span>"
  });
};
var focused = null;
target.addLayers(data.markers.map(function (m) {
  var marker = L.marker([m.lat, m.lng], {
    icon: L.divIcon({className: "pg-marker pg-" + m.code, html: m.icon, iconSize: [26, 26]}),
    riseOnHover: true
  }).bindPopup(m.popup);
  if (m.code === data.focus) { focused = marker; }
  return marker;
}));
if (focused) {
  // After the whole map script ran, so the cluster is on the map.
  setTimeout(function () { target.zoomToShowLayer(focused, function () { focused.openPopup(); }); }, 0);
}
"""


def _glyph(marker: MapMarker, css_class: str) -> str:
    status = public_status(marker.status)
    return (
        f'<span class="{css_class}" style="background:{marker.status_color};color:{status.text_color}"'
        f' aria-hidden="true">{STATUS_GLYPHS[status.code]}</span>'
    )


def _icon_html(marker: MapMarker) -> str:
    name = html.escape(f"{marker.title}, {marker.status_label}")
    return f'{_glyph(marker, "pg-pin")}<span class="pg-sr">{name}</span>'


def _popup_html(marker: MapMarker, labels: dict) -> str:
    e = html.escape
    support = labels["support_count"].replace("{count}", str(marker.support_count))
    return (
        '<div class="pg-popup">'
        f'<p class="pg-title">{e(marker.title)}</p>'
        f"<p>{e(marker.category_label)}</p>"
        f"<p>{_glyph(marker, 'pg-dot')} {e(marker.status_label)}</p>"
        f"<p>{e(marker.age_label)} · {e(support)}</p>"
        f'<a href="{e(marker.url)}" target="_top">{e(labels["view_report"])}</a>'
        "</div>"
    )


def build_public_map(
    markers: list[MapMarker],
    *,
    tile_url: str,
    attribution: str,
    center: tuple[float, float],
    zoom: int,
    labels: dict,
    focus: str = "",
) -> str:
    """The full HTML page. `labels` needs LABEL_KEYS; `support_count` and `cluster_count` contain `{count}`.

    With `focus` (a tracking code among the markers), the map zooms to that marker and opens its popup.
    """
    m = make_map(center, zoom, tile_url, attribution, label=labels["map_label"])
    add_style(m, _CSS)
    cluster = marker_cluster(show_coverage_on_hover=False).add_to(m)
    data = {
        "clusterLabel": html.escape(labels["cluster_count"]),
        "focus": focus,
        "markers": [
            {
                "lat": marker.latitude,
                "lng": marker.longitude,
                "code": marker.tracking_code,
                "icon": _icon_html(marker),
                "popup": _popup_html(marker, labels),
            }
            for marker in markers
        ],
    }
    MapScript(_MARKERS_JS, data).add_to(cluster)
    return render(m)
