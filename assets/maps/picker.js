/* The location picker (/peta/pilih): a map in an iframe that tells its parent page where the report is.
 *
 * Message protocol (postMessage, plain objects):
 * - iframe -> parent: {type: "pengaduan:location", lat, lng} when the person taps or clicks the map, drops
 *   the dragged marker, picks a street or place from the search, or presses Enter on the focused map
 *   (which marks the map centre, shown by a crosshair while the map has keyboard focus).
 * - parent -> iframe: {type: "pengaduan:set-location", lat, lng} moves the marker and pans there
 *   (e.g. "use my location"). It is not echoed back. Only messages from window.parent with valid
 *   coordinates are obeyed.
 * The parent must still validate what it receives: any page can post messages.
 *
 * Where it opens: at data.initial (the marker), else where the person is when they already allowed their
 * location, else at data.start (where this browser last reported, or the city). Close in, the open reports
 * already filed around are drawn as small rings, so a duplicate shows before anything is typed.
 */
"use strict";
pengaduanMaps.picker = function (map, data) {
  var box = map.getContainer(), marker = null, el = pengaduanMaps.el, nearby = L.layerGroup().addTo(map);
  var nearbyRequest = null, OPEN = {waiting: true, in_progress: true, reopened: true};

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

  var hint = L.control({position: "bottomleft"});
  hint.onAdd = function () {
    var div = el("div", "pg-hint", pengaduanMaps.touchFirst() ? data.hints.touch : data.hints.keys);
    div.id = "pg-picker-hint";
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  hint.addTo(map);
  box.setAttribute("aria-describedby", "pg-picker-hint");
  el("div", "pg-crosshair", "", box);

  function showNearby() {
    if (nearbyRequest) { nearbyRequest.abort(); }
    if (!data.dataUrl || map.getZoom() < data.nearbyZoom) { nearby.clearLayers(); return; }
    var b = map.getBounds(), mine = nearbyRequest = new AbortController();
    var query = new URLSearchParams({
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","),
      zoom: String(data.pointsZoom)
    });
    fetch(data.dataUrl + "?" + query.toString(), {signal: mine.signal, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (d) {
        nearby.clearLayers();
        d.points.forEach(function (p) {
          if (!OPEN[p[3]]) { return; }
          L.circleMarker([p[1], p[2]], {radius: 9, color: "#b45309", weight: 3, fillColor: "#fde68a", fillOpacity: 0.8})
            .bindTooltip(el("span", "", p[4] + " (" + p[0] + ")")).addTo(nearby);  // text, never markup
        });
        box.dataset.nearby = String(nearby.getLayers().length);
      })
      .catch(function () { /* the pin still works without the rings */ });
  }

  map.on("click", function (e) { choose(e.latlng); });
  map.on("moveend", showNearby);
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
  pengaduanMaps.search(map, data.search, function (r) {
    if (!r.bbox) { choose(L.latLng(r.lat, r.lng)); }
  });
  if (data.initial) {
    place(data.initial);
  } else if (navigator.permissions && navigator.geolocation) {
    // Only when the person already allowed it: opening the form never asks for the location by itself.
    navigator.permissions.query({name: "geolocation"}).then(function (p) {
      if (p.state !== "granted") { return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        if (!marker) { map.setView([pos.coords.latitude, pos.coords.longitude], data.zoom); }
      }, function () { /* stay where the map opened */ }, {timeout: 10000, maximumAge: 300000});
    }).catch(function () { /* no permissions API answer: stay */ });
  }
  showNearby();
};
