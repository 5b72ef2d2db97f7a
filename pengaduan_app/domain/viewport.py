"""The part of the map a visitor looks at: a bounding box, checked before it reaches a query."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

# Wider than any screen shows at the public map's smallest zoom (9) around Jakarta;
# a larger box can only come from a crafted request.
MAX_SPAN_DEGREES = 12.0
MERCATOR_MAX_LAT = 85.0511287798  # Web Mercator's square world
TILE_PIXELS = 256


class BBox(NamedTuple):
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """`west,south,east,north` in degrees; ValueError with a readable reason otherwise."""
        parts = str(text).split(",")
        if len(parts) != 4:
            raise ValueError("bbox must be four numbers: west,south,east,north")
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise ValueError("bbox must be four numbers: west,south,east,north") from None
        return cls.of(values)

    @classmethod
    def of(cls, values: Sequence[object]) -> BBox:
        """From four numbers (e.g. a message from the map); ValueError if they are not a sane box."""
        if isinstance(values, str | bytes) or len(values) != 4:
            raise ValueError("bbox must be four numbers: west,south,east,north")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            raise ValueError("bbox must be four numbers: west,south,east,north")
        box = cls(*(float(v) for v in values))
        if not all(math.isfinite(v) for v in box):
            raise ValueError("bbox numbers must be finite")
        if not (-180 <= box.west < box.east <= 180 and -90 <= box.south < box.north <= 90):
            raise ValueError("bbox must have west < east within ±180 and south < north within ±90")
        if box.east - box.west > MAX_SPAN_DEGREES or box.north - box.south > MAX_SPAN_DEGREES:
            raise ValueError(f"bbox is too large (at most {MAX_SPAN_DEGREES:g} degrees each way)")
        return box

    @classmethod
    def around(cls, center: tuple[float, float], zoom: int, width: int, height: int) -> BBox:
        """What a map of `width` x `height` pixels centred on `center` (lat, lng) shows at `zoom`, as Leaflet
        projects it (Web Mercator, 256-pixel tiles); cut at the world's edges."""
        scale = TILE_PIXELS * 2**zoom
        lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, center[0]))
        sin = math.sin(math.radians(lat))
        x = (center[1] + 180) / 360 * scale
        y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale

        def lng_at(px: float) -> float:
            return max(-180.0, min(180.0, px / scale * 360 - 180))

        def lat_at(py: float) -> float:
            py = max(0.0, min(float(scale), py))
            return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))

        return cls(lng_at(x - width / 2), lat_at(y + height / 2), lng_at(x + width / 2), lat_at(y - height / 2))
