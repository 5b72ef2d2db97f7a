/* Pengaduan's map frames: what every map does (loaded first; the other files add to pengaduanMaps).
 *
 * base(map, data): names the map for screen readers, gives the zoom buttons words in the page's language,
 * keeps the current view in the container's data attributes (data-center "lat,lng", data-zoom) and, on
 * phones, leaves one finger to the page: the map moves with two fingers, and says so when one finger tries;
 * with `tapActive`, a tap on the map lets one finger move it until a touch outside (data-gestures says which).
 */
"use strict";
var pengaduanMaps = window.pengaduanMaps || {};
window.pengaduanMaps = pengaduanMaps;

pengaduanMaps.el = function (tag, cls, text, parent) {
  var node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text) { node.textContent = text; }
  if (parent) { parent.appendChild(node); }
  return node;
};

pengaduanMaps.touchFirst = function () {
  return window.matchMedia("(hover: none)").matches || window.matchMedia("(pointer: coarse)").matches;
};

pengaduanMaps.twoFingers = function (map, hintText, activeText) {
  // Leaflet's CSS lets the browser pan the page (touch-action: pan-x pan-y) while dragging is off.
  // With `activeText`, a tap on the map (not on a marker or a control) also lets one finger move it,
  // until a touch outside the map (on the page around this frame).
  var box = map.getContainer(), hint = pengaduanMaps.el("div", "pg-gesture-hint", "", box), timer = null;
  var active = false, tap = null;
  hint.setAttribute("aria-hidden", "true");
  map.dragging.disable();
  box.dataset.gestures = "two-fingers";
  function show(text, ms) {
    hint.textContent = text;
    hint.classList.add("pg-shown");
    clearTimeout(timer);
    timer = setTimeout(function () { hint.classList.remove("pg-shown"); }, ms);
  }
  function activate(on) {
    active = on;
    box.dataset.gestures = on ? "one-finger" : "two-fingers";
    box.classList.toggle("pg-active", on);
    if (on) { map.dragging.enable(); show(activeText, 2500); }
    else { map.dragging.disable(); hint.classList.remove("pg-shown"); }
  }
  box.addEventListener("touchstart", function (e) {
    var t = e.touches[0], control = e.target.closest(".leaflet-control, .leaflet-marker-icon, .leaflet-popup");
    tap = e.touches.length === 1 && !control ? {x: t.clientX, y: t.clientY} : null;
    if (e.touches.length > 1) { map.dragging.enable(); hint.classList.remove("pg-shown"); }
  }, {passive: true, capture: true});
  box.addEventListener("touchmove", function (e) {
    var t = e.touches[0];
    if (tap && Math.abs(t.clientX - tap.x) + Math.abs(t.clientY - tap.y) > 10) { tap = null; }
    if (e.touches.length !== 1 || map.dragging.enabled()) { return; }
    show(hintText, 1500);
  }, {passive: true});
  box.addEventListener("touchend", function (e) {
    if (e.touches.length > 0) { return; }
    if (activeText && !active && tap) { activate(true); }  // one finger that did not move: a tap
    else if (!active) { map.dragging.disable(); }
    tap = null;
  }, {passive: true});
  if (activeText && window.parent !== window) {
    try {
      window.parent.document.addEventListener("touchstart", function () { if (active) { activate(false); } },
        {passive: true, capture: true});
    } catch (err) { /* a frame of another origin: the map stays as it is */ }
  }
};

pengaduanMaps.base = function (map, data) {
  var box = map.getContainer();
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", data.label);
  if (map.zoomControl) {
    [["_zoomInButton", data.zoomIn], ["_zoomOutButton", data.zoomOut]].forEach(function (pair) {
      var button = map.zoomControl[pair[0]];
      if (button && pair[1]) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
    });
  }
  function remember() {
    var c = map.getCenter();
    box.dataset.center = c.lat.toFixed(5) + "," + c.lng.toFixed(5);
    box.dataset.zoom = String(map.getZoom());
  }
  map.on("moveend", remember);
  remember();
  if (data.twoFingers && pengaduanMaps.touchFirst()) {
    pengaduanMaps.twoFingers(map, data.twoFingers, data.tapActive);
  }
};
