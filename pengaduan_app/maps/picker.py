"""The location picker: a map in an iframe that tells its parent page where the report is.

Message protocol (both directions use `postMessage` with plain objects):
- iframe -> parent: `{type: "pengaduan:location", lat, lng}` when the user clicks or
  taps the map, drops the dragged marker, or presses Enter on the focused map
  (which marks the map centre, shown by a crosshair while the map has keyboard focus).
- parent -> iframe: `{type: "pengaduan:set-location", lat, lng}` moves the marker and
  pans there (e.g. "use my location"). It is not echoed back. Only messages from
  `window.parent` with valid coordinates are obeyed.
The parent must still validate what it receives: any page can post messages.
"""

from __future__ import annotations

import folium

from .base import MapScript, add_style, check_point, make_map, render

LABEL_KEYS = ("map_label", "picker_hint", "marker_label")

# Zoom used when the parent moves the marker: close enough to check the street.
_SET_LOCATION_ZOOM = 17

_CSS = """
.pg-crosshair {display: none; position: absolute; left: 50%; top: 50%; width: 28px; height: 28px;
  margin: -14px 0 0 -14px; pointer-events: none; z-index: 650;
  background: linear-gradient(#1f2937, #1f2937) center / 2px 100% no-repeat,
    linear-gradient(#1f2937, #1f2937) center / 100% 2px no-repeat;
  filter: drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff);}
.leaflet-container:focus-visible .pg-crosshair {display: block;}
.pg-hint {max-width: 15rem; padding: .3rem .5rem; border-radius: 4px; background: rgba(255, 255, 255, .92);
  box-shadow: 0 1px 4px rgba(0,0,0,.4); font-size: .8rem; line-height: 1.3;}
"""

_PICKER_JS = """
var map = target, box = map.getContainer(), marker = null;

function place(latlng) {
  if (marker) { marker.setLatLng(latlng); return; }
  marker = L.marker(latlng, {draggable: true, autoPan: true, title: data.markerLabel, alt: data.markerLabel});
  marker.on("dragend", function () { report(marker.getLatLng()); });
  marker.addTo(map);
}
function report(latlng) {
  window.parent.postMessage({type: "pengaduan:location", lat: latlng.lat, lng: latlng.lng}, "*");
}
function choose(latlng) { place(latlng); report(latlng); }

var hint = L.control({position: "topright"});
hint.onAdd = function () {
  var div = L.DomUtil.create("div", "pg-hint");
  div.id = "pg-picker-hint";
  div.textContent = data.hint;
  L.DomEvent.disableClickPropagation(div);
  return div;
};
hint.addTo(map);
box.setAttribute("aria-describedby", "pg-picker-hint");
L.DomUtil.create("div", "pg-crosshair", box);

map.on("click", function (e) { choose(e.latlng); });
box.addEventListener("keydown", function (e) {
  if (e.key === "Enter" && e.target === box) { choose(map.getCenter()); }
});
window.addEventListener("message", function (e) {
  var d = e.data;
  if (e.source !== window.parent || !d || d.type !== "pengaduan:set-location") { return; }
  var lat = Number(d.lat), lng = Number(d.lng);
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) { return; }
  place([lat, lng]);
  map.setView([lat, lng], Math.max(map.getZoom(), data.zoom));
});
if (data.initial) { place(data.initial); }
"""


def location_picker_map(
    *,
    tile_url: str,
    attribution: str,
    center: tuple[float, float],
    zoom: int,
    initial: tuple[float, float] | None,
    labels: dict,
) -> folium.Map:
    """The picker as a folium map (other builders add layers to it); `labels` needs LABEL_KEYS."""
    if initial is not None:
        check_point(*initial)
    m = make_map(initial or center, zoom, tile_url, attribution, label=labels["map_label"])
    add_style(m, _CSS)
    data = {
        "initial": list(initial) if initial else None,
        "hint": labels["picker_hint"],
        "markerLabel": labels["marker_label"],
        "zoom": _SET_LOCATION_ZOOM,
    }
    MapScript(_PICKER_JS, data).add_to(m)
    return m


def build_location_picker(**options) -> str:
    """The full HTML page (options as `location_picker_map`). With `initial`, the marker starts there."""
    return render(location_picker_map(**options))
