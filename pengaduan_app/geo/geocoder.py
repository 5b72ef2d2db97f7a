"""Streets and places from a Nominatim- or Photon-compatible geocoder (PENGADUAN_GEOCODER_URL), if one is set.

The app asks on the person's behalf (their address never reaches the geocoder,
and the page's Content-Security-Policy stays 'self'), biased to the service
area's box, with a short timeout: a slow or broken geocoder leaves the area
search working. Answers are checked before use; nothing in them is trusted as markup.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import httpx

from ..domain.areas import Place

log = logging.getLogger(__name__)

TIMEOUT_S = 4.0
LIMIT = 5
# Photon's languages; others (Indonesian) get the names as mapped locally.
_PHOTON_LANGS = {"en", "de", "fr"}


@dataclass(frozen=True)
class Geocoder:
    url: str
    kind: str  # "nominatim" or "photon"
    attribution: str
    user_agent: str = "Pengaduan"

    @classmethod
    def from_settings(cls, url: str, kind: str, attribution: str, public_url: str) -> Geocoder | None:
        if not url:
            return None
        if kind not in ("nominatim", "photon"):
            kind = "photon" if url.rstrip("/").endswith("/api") or "photon" in url else "nominatim"
        return cls(url, kind, attribution, f"Pengaduan ({public_url})")

    def params(self, query: str, lang: str, box: tuple[float, float, float, float] | None) -> dict[str, str]:
        if self.kind == "photon":
            params = {"q": query, "limit": str(LIMIT)}
            if lang in _PHOTON_LANGS:
                params["lang"] = lang
            if box:
                west, south, east, north = box
                params |= {
                    "bbox": f"{west},{south},{east},{north}",
                    "lat": f"{(south + north) / 2:.5f}",
                    "lon": f"{(west + east) / 2:.5f}",
                }
            return params
        params = {"q": query, "format": "jsonv2", "limit": str(LIMIT), "accept-language": lang}
        if box:
            west, south, east, north = box
            params |= {"viewbox": f"{west},{north},{east},{south}", "bounded": "1"}
        return params

    def search(self, query: str, lang: str, box: tuple[float, float, float, float] | None) -> list[Place]:
        """What the geocoder found inside `box`; [] when it fails, is slow, or answers nonsense."""
        try:
            response = httpx.get(
                self.url,
                params=self.params(query, lang, box),
                headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                timeout=TIMEOUT_S,
                follow_redirects=False,
            )
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as err:
            log.warning("geocoder %s failed: %s", self.url, err)
            return []
        rows = _photon_rows(answer) if self.kind == "photon" else _nominatim_rows(answer)
        return [p for p in rows if box is None or _inside(p, box)][:LIMIT]


def _point(lat: object, lng: object) -> tuple[float, float] | None:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lng) and abs(lat) <= 90 and abs(lng) <= 180):
        return None
    return lat, lng


def _text(value: object, limit: int = 160) -> str:
    return " ".join(str(value).split())[:limit] if isinstance(value, str) else ""


def _nominatim_rows(answer: object) -> list[Place]:
    places = []
    for row in answer if isinstance(answer, list) else []:
        if not isinstance(row, dict) or not (point := _point(row.get("lat"), row.get("lon"))):
            continue
        full = _text(row.get("display_name"), 300)
        label = _text(row.get("name")) or full.split(",")[0].strip()
        detail = ", ".join(part.strip() for part in full.split(",")[1:4])
        if label:
            places.append(Place(label=label, detail=detail, lat=point[0], lng=point[1], kind="geocoder"))
    return places


def _photon_rows(answer: object) -> list[Place]:
    features = answer.get("features") if isinstance(answer, dict) else None
    places = []
    for feature in features if isinstance(features, list) else []:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        props = feature.get("properties") if isinstance(feature, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not isinstance(props, dict) or not isinstance(coords, list) or len(coords) < 2:
            continue
        if not (point := _point(coords[1], coords[0])):
            continue
        street = " ".join(filter(None, (_text(props.get("street")), _text(props.get("housenumber")))))
        label = _text(props.get("name")) or street
        detail = ", ".join(
            filter(None, (street if label != street else "", _text(props.get("district")), _text(props.get("city"))))
        )
        if label:
            places.append(Place(label=label, detail=detail, lat=point[0], lng=point[1], kind="geocoder"))
    return places


def _inside(place: Place, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west <= place.lng <= east and south <= place.lat <= north
