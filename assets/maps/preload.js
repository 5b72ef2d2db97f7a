/* Runs in <head> before Leaflet loads: works out the first view's box exactly as Leaflet will (EPSG:3857,
 * the pixel origin rounded, the container as large as the frame, five decimals as `bbox()` in public_map.js) and
 * preloads that /api/map request, so the data travels while Leaflet downloads and parses. The map
 * script's own first fetch of the same address is then answered from the preload. A focused map moves
 * before it asks, so it preloads nothing.
 */
"use strict";
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
})(window.pengaduanFirstView);
