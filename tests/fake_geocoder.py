"""A small local stand-in for a Nominatim or Photon server, so no test ever asks the internet.

`running_geocoder()` serves `/search` (Nominatim's answer shape) and `/api` (Photon's GeoJSON) from
PLACES, matching names by a case-insensitive substring, and records every query it got.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# (name, lat, lng, district): the last one lies outside Jakarta, for the service-area bias.
PLACES = (
    ("Jalan Kebon Sirih", -6.18552, 106.82961, "Menteng"),
    ("Monumen Nasional", -6.17539, 106.82715, "Gambir"),
    ("Pasar Kebon Sirih Bandung", -6.9147, 107.6098, "Bandung"),
)


@dataclass
class FakeGeocoder:
    url: str
    queries: list[dict[str, str]] = field(default_factory=list)


def _found(query: str) -> list[tuple]:
    return [p for p in PLACES if query.lower() in p[0].lower()]


def _handler(fake: FakeGeocoder):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            fake.queries.append({"path": parts.path, **params})
            found = _found(params.get("q", ""))
            if parts.path == "/search":
                body = [
                    {"lat": str(lat), "lon": str(lng), "name": name, "display_name": f"{name}, {district}, Indonesia"}
                    for name, lat, lng, district in found
                ]
            elif parts.path == "/api":
                body = {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "Point", "coordinates": [lng, lat]},
                            "properties": {"name": name, "district": district, "city": "Jakarta"},
                        }
                        for name, lat, lng, district in found
                    ],
                }
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # quiet
            pass

    return Handler


@contextmanager
def running_geocoder() -> Iterator[FakeGeocoder]:
    """A fake geocoder on a free local port; `fake.url` is its base address (append /search or /api)."""
    fake = FakeGeocoder(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
