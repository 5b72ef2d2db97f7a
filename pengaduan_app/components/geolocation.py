"""The browser's "where am I?": posts the answer to this page as a window message.

Success posts `{type: <message_type>, lat, lng}`, failure `{type: "pengaduan:geo-error", reason}`;
a page's message listener hands them to its state, which checks them like any message.
With `picker_frame`, the location picker in that iframe moves its marker there too.
"""

import json

import reflex as rx

_JS = """
(function () {
  var post = function (m) { window.postMessage(m, window.location.origin); };
  if (!navigator.geolocation) { post({type: 'pengaduan:geo-error', reason: 'unsupported'}); return; }
  navigator.geolocation.getCurrentPosition(function (p) {
    var lat = p.coords.latitude, lng = p.coords.longitude, frame = document.getElementById(%(frame)s);
    if (frame) { frame.contentWindow.postMessage({type: 'pengaduan:set-location', lat: lat, lng: lng}, '*'); }
    post({type: %(kind)s, lat: lat, lng: lng});
  }, function (e) { post({type: 'pengaduan:geo-error', reason: String(e.code)}); },
  {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
})();
"""


def geolocate(message_type: str, picker_frame: str = "") -> rx.event.EventSpec:
    return rx.call_script(_JS % {"frame": json.dumps(picker_frame), "kind": json.dumps(message_type)})
