/* The performance map (/kinerja): kecamatan shaded by their share of reports answered within the SLA.
 * data = {features: GeoJSON features with properties {tooltip, color}, legend: escaped HTML built by the server}.
 */
"use strict";
pengaduanMaps.choropleth = function (map, data) {
  var layer = L.geoJSON(data.features, {
    style: function (f) { return {color: "#1f2937", weight: 1, fillColor: f.properties.color, fillOpacity: 0.7}; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {
        radius: 12, color: "#1f2937", weight: 1, fillColor: f.properties.color, fillOpacity: 0.8
      });
    },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.tooltip, {sticky: true}); }
  }).addTo(map);
  if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), {padding: [10, 10]}); }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "pg-legend");
    box.innerHTML = data.legend;
    return box;
  };
  legend.addTo(map);
};
