/* The staff maps: reports as circles in their public status colour, each popup linking to the report's
 * staff page (/staf/peta/<code> draws the reports near the one being handled on top of the picker;
 * /staf/peta-antrean draws the queue's reports and fits the view to them).
 * Titles are set with textContent, never parsed as markup.
 */
"use strict";
pengaduanMaps.staffPins = function (map, data) {
  data.pins.forEach(function (pin) {
    var circle = L.circleMarker([pin.lat, pin.lng], {radius: 9, weight: 2, color: "#1f2937",
      fillColor: pin.color, fillOpacity: 0.9, bubblingMouseEvents: false});
    var box = document.createElement("div"), title = document.createElement("p"), link = document.createElement("a");
    box.className = "pg-near";
    title.textContent = pin.title + " \u00b7 " + pin.status;
    link.textContent = pin.code;
    link.href = "/staf/laporan/" + encodeURIComponent(pin.code);
    link.target = "_top";
    box.appendChild(title);
    box.appendChild(link);
    circle.bindPopup(box);
    circle.bindTooltip(pengaduanMaps.el("span", "", pin.title));  // a string would be parsed as markup
    circle.addTo(map);
  });
  if (data.fit && data.pins.length) {
    map.fitBounds(data.pins.map(function (pin) { return [pin.lat, pin.lng]; }), {padding: [24, 24], maxZoom: 16});
  }
};
