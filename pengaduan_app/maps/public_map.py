"""The public map of reports: a folium page that carries no reports, only a script that fetches them.

The script asks the map endpoint (domain.map_query) for the visible box at the
current zoom, draws the server's clusters and points, and asks again after
each pan or zoom (debounced; a newer request aborts the older one). Every user
text is set with `textContent`, never parsed as markup. Status is a glyph,
a colour and a word. Popups fetch their report's details when opened.

Message protocol with the parent page (`postMessage`, same origin only):
- map -> parent: `{type: "pengaduan:viewport", bbox: [w, s, e, n], zoom}` after the view settles;
  `{type: "pengaduan:support", code, support: bool}` from a popup's "Saya juga" button.
- parent -> map: `{type: "pengaduan:filters", filters: {name: value}}` (refetch, the view stays);
  `{type: "pengaduan:support-result", code, supported, count, message}` (update the open popup).
The parent must validate what it receives, as any page of the site can post messages.
"""

from __future__ import annotations

from branca.element import Element

from ..domain.map_query import POINTS_ZOOM
from ..domain.status import PUBLIC_STATUSES
from .base import MapScript, add_style, make_map, render, script_json

# Keyed by the public status code (domain.status); plain text glyphs, no icon font.
STATUS_GLYPHS = {
    "waiting": "!",
    "in_progress": "\u2699\ufe0e",  # gear, text presentation
    "done": "\u2713",
    "rejected": "\u2715",
    "reopened": "\u21ba",
}

LABEL_KEYS = (
    "map_label",
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
"""

_MAP_JS = """
var map = target, box = map.getContainer(), layer = L.layerGroup().addTo(map);
var framed = window.parent !== window, CODE = /^[A-Z]{2,5}-\\d{4}-\\d{5,}$/;
var filters = data.filters, focusCode = data.focus, pending = null, timer = null, draws = 0, popup = null;
var shown = {};  // key -> marker on the map; kept across redraws so an open popup stays open

function el(tag, cls, text, parent) {
  var node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text) { node.textContent = text; }
  if (parent) { parent.appendChild(node); }
  return node;
}
function post(message) { if (framed) { window.parent.postMessage(message, window.location.origin); } }
function look(code) { return data.statuses[code] || data.statuses.waiting; }
function count(template, n) { return template.replace("{count}", n); }

var status = L.control({position: "bottomleft"});
status.onAdd = function () { var d = el("div", "pg-status"); d.setAttribute("role", "status"); return d; };
status.addTo(map);
function say(text, state) { status.getContainer().textContent = text; box.dataset.state = state; }

function bbox() {
  var b = map.getBounds(), c = function (v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(5); };
  return [c(b.getWest(), 180), c(b.getSouth(), 90), c(b.getEast(), 180), c(b.getNorth(), 90)].map(Number);
}
function refresh(tell) {
  clearTimeout(timer);
  if (pending) { pending.abort(); }
  var mine = pending = new AbortController(), view = bbox();
  var query = new URLSearchParams({bbox: view.join(","), zoom: String(map.getZoom())});
  Object.keys(filters).forEach(function (k) { if (filters[k]) { query.set(k, filters[k]); } });
  if (tell) { post({type: "pengaduan:viewport", bbox: view, zoom: map.getZoom()}); }
  say(data.labels.loading, "loading");
  fetch(data.dataUrl + "?" + query.toString(), {signal: mine.signal, credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (d) { if (pending === mine) { pending = null; draw(d); } })
    .catch(function (e) { if (e.name !== "AbortError") { say(data.labels.error, "error"); } });
}
function later() { clearTimeout(timer); timer = setTimeout(function () { refresh(true); }, data.debounce); }

function clusterMarker(c) {
  var icon = el("span", "pg-count");
  el("span", "", String(c[2]), icon).setAttribute("aria-hidden", "true");
  el("span", "pg-sr", count(data.labels.cluster, c[2]), icon);
  var m = L.marker([c[0], c[1]], {icon: L.divIcon({className: "pg-cluster", html: icon, iconSize: [44, 44]})});
  m.on("click", function () {
    var keyboard = document.activeElement === m.getElement();
    map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, data.pointsZoom));
    if (keyboard) { box.focus(); }
  });
  return m;
}
function glyph(cls, s) {
  var dot = el("span", cls, look(s).glyph);
  dot.style.background = look(s).color; dot.style.color = look(s).text;
  dot.setAttribute("aria-hidden", "true");
  return dot;
}
function pointMarker(p) {
  var icon = el("span", "pg-hit");
  icon.appendChild(glyph("pg-pin", p[3]));
  el("span", "pg-sr", p[4] + ", " + look(p[3]).label, icon);
  var m = L.marker([p[1], p[2]], {
    icon: L.divIcon({className: "pg-marker pg-" + p[0], html: icon, iconSize: [44, 44]}), riseOnHover: true
  });
  m.bindPopup(function () { return popupFor(p); }, {minWidth: 200});
  m.on("popupopen", function (e) {
    var first = e.popup.getElement().querySelector(".pg-title");
    if (document.activeElement === m.getElement() && first) { first.focus(); }
  });
  m.on("popupclose", function () { popup = null; });
  return m;
}
function popupFor(p) {
  var root = el("div", "pg-popup"), title = el("p", "pg-title", p[4], root);
  title.tabIndex = -1;
  var category = el("p", "", "", root), state = el("p", "", "", root), meta = el("p", "", "", root);
  state.appendChild(glyph("pg-dot", p[3]));
  state.appendChild(document.createTextNode(" " + look(p[3]).label));
  var actions = el("div", "pg-actions", "", root);
  var link = el("a", "", data.labels.viewReport, actions);
  link.href = "/laporan/" + p[0]; link.target = "_top";
  var button = null;
  if (framed) {
    button = el("button", "pg-support", data.labels.support, actions);
    button.type = "button"; button.disabled = true; button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      button.disabled = true;
      post({type: "pengaduan:support", code: p[0], support: button.getAttribute("aria-pressed") !== "true"});
    });
  }
  var message = el("p", "pg-msg", "", root);
  message.setAttribute("role", "status");
  popup = {code: p[0], meta: meta, button: button, message: message, age: ""};
  var mine = popup;
  fetch(data.detailUrl + encodeURIComponent(p[0]), {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (d) {
      category.textContent = d.category; mine.age = d.age;
      supported(mine, d.supported, d.count);
    })
    .catch(function () { message.textContent = data.labels.error; });
  return root;
}
function supported(view, yes, n) {
  view.meta.textContent = view.age + " \\u00b7 " + count(data.labels.supporters, n);
  if (view.button) { view.button.setAttribute("aria-pressed", yes ? "true" : "false"); view.button.disabled = false; }
}

function draw(d) {
  var next = {};
  d.clusters.forEach(function (c) { var k = "c" + c.join(","); next[k] = shown[k] || clusterMarker(c); });
  d.points.forEach(function (p) {
    if (CODE.test(p[0])) { var k = "p" + p[0]; next[k] = shown[k] || pointMarker(p); }
  });
  Object.keys(shown).forEach(function (k) { if (!next[k]) { layer.removeLayer(shown[k]); } });
  Object.keys(next).forEach(function (k) { if (!shown[k]) { layer.addLayer(next[k]); } });
  shown = next;
  draws += 1;
  box.dataset.draws = String(draws);
  say(d.truncated ? data.labels.truncated : "", "ready");
  if (focusCode && next["p" + focusCode]) { next["p" + focusCode].openPopup(); focusCode = ""; }
}

window.addEventListener("message", function (e) {
  var d = e.data;
  if (e.source !== window.parent || e.origin !== window.location.origin || !d || typeof d !== "object") { return; }
  if (d.type === "pengaduan:filters" && d.filters && typeof d.filters === "object") {
    filters = {};
    data.filterNames.forEach(function (k) {
      var v = d.filters[k];
      if (typeof v === "string" && v.length <= 40) { filters[k] = v; }
    });
    refresh(false);
  } else if (d.type === "pengaduan:support-result" && popup && popup.code === d.code) {
    popup.message.textContent = typeof d.message === "string" ? d.message : "";
    if (typeof d.count === "string") { supported(popup, d.supported === true, d.count); }
    else if (popup.button) { popup.button.disabled = false; }
  }
});
map.on("moveend", later);
if (focusCode && CODE.test(focusCode)) {
  fetch(data.detailUrl + encodeURIComponent(focusCode), {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (d) { map.setView([d.lat, d.lng], data.focusZoom, {animate: false}); later(); })
    .catch(function () { focusCode = ""; refresh(true); });
} else {
  focusCode = "";
  refresh(true);
}
"""


# Runs in <head> before Leaflet loads: works out the first view's box exactly as Leaflet will (EPSG:3857,
# the pixel origin rounded, the container as large as the frame, five decimals as `bbox()` in _MAP_JS) and
# preloads that /api/map request, so the data travels while Leaflet downloads and parses. The map
# script's own first fetch of the same address is then answered from the preload. A focused map moves
# before it asks, so it preloads nothing.
_PRELOAD_JS = """
(function (d) {
  var R = 6378137, k = 0.5 / (Math.PI * R), s = 256 * Math.pow(2, d.zoom), page = document.documentElement;
  var w = page.clientWidth, h = page.clientHeight, rad = Math.PI / 180, deg = 180 / Math.PI;
  if (d.focus || !w || !h) { return; }
  var lat = Math.max(Math.min(85.0511287798, d.center[0]), -85.0511287798), sin = Math.sin(lat * rad);
  var x = s * (k * (R * d.center[1] * rad) + 0.5), y = s * (-k * (R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5);
  var left = Math.round(x - w / 2), top = Math.round(y - h / 2);
  function lng(px) { return ((px / s - 0.5) / k) * deg / R; }
  function lat2(py) { return (2 * Math.atan(Math.exp(((py / s - 0.5) / -k) / R)) - Math.PI / 2) * deg; }
  function c(v, limit) { return Number(Math.max(-limit, Math.min(limit, v)).toFixed(5)); }
  var box = [c(lng(left), 180), c(lat2(top + h), 90), c(lng(left + w), 180), c(lat2(top), 90)];
  var query = new URLSearchParams({bbox: box.join(","), zoom: String(d.zoom)});
  Object.keys(d.filters).forEach(function (name) { if (d.filters[name]) { query.set(name, d.filters[name]); } });
  var link = document.createElement("link");
  link.rel = "preload"; link.as = "fetch"; link.crossOrigin = "anonymous";
  link.href = d.dataUrl + "?" + query.toString();
  document.head.appendChild(link);
})(%s);
"""


def build_public_map(
    *,
    tile_url: str,
    attribution: str,
    center: tuple[float, float],
    zoom: int,
    labels: dict,
    status_labels: dict[str, str],
    filters: dict[str, str],
    filter_names: tuple[str, ...],
    focus: str = "",
    data_url: str = "/api/map",
    detail_url: str = "/api/map/report/",
) -> str:
    """The full HTML page; it holds no report. `labels` needs LABEL_KEYS (`supporters` and
    `cluster_count` contain `{count}`); `status_labels` maps each public status code to its word.

    `filters` are the first filter values (already checked); with `focus` (a tracking code), the map
    zooms to that report and opens its popup.
    """
    m = make_map(center, zoom, tile_url, attribution, label=labels["map_label"], min_zoom=MIN_ZOOM)
    first = {"center": list(center), "zoom": zoom, "dataUrl": data_url, "filters": filters, "focus": focus}
    m.get_root().header.add_child(Element(f"<script>{_PRELOAD_JS % script_json(first)}</script>"), index=0)
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
        "labels": {
            "viewReport": labels["view_report"],
            "supporters": labels["supporters"],
            "cluster": labels["cluster_count"],
            "support": labels["support"],
            "loading": labels["loading"],
            "error": labels["error"],
            "truncated": labels["truncated"],
        },
        "statuses": {
            p.code: {
                "label": status_labels[p.code],
                "color": p.color,
                "text": p.text_color,
                "glyph": STATUS_GLYPHS[p.code],
            }
            for p in PUBLIC_STATUSES
        },
    }
    MapScript(_MAP_JS, data).add_to(m)
    return render(m)
